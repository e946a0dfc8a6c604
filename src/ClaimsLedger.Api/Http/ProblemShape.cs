using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Every problem the API writes — ours, ASP.NET Core's, Wolverine's (bad JSON, a reused Idempotency-Key) — passes
/// through here on its way out, so all of them share one shape: the RFC 9110 type and reason phrase of the status as
/// type and title, what went wrong in <c>detail</c>, and for a client error an <c>errors</c> map naming the field
/// (the JSON path the client sent, a header or a query parameter). No .NET type names or stack traces leave.
/// </summary>
public static partial class ProblemShape
{
    public static void Configure(ProblemDetailsOptions options) => options.CustomizeProblemDetails = context =>
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        problem.Status = status;
        problem.Type = TypeOf(status);
        problem.Title = ReasonPhrases.GetReasonPhrase(status);
        if (problem.Detail is { } detail && InvalidJson(detail) is { } json)
        {
            problem.Detail = "The body is not a valid request: " + json.Message;
            problem.Extensions.Remove("lineNumber");
            problem.Extensions.Remove("bytePositionInLine");
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [json.Field] = [json.Message] };
            Log(context.HttpContext, status, json.Field, json.Message);
        }
        else if (status is >= 400 and < 500 && !HasErrors(problem))
        {
            // A 404 or 405 without errors of its own is routing's: no endpoint has the path (ours name the id they did not
            // find), or none has it for the method, so it names the path or the method, not a body the request may not even have.
            var field = problem.Detail?.Contains(IdempotencyKey, StringComparison.Ordinal) == true ? IdempotencyKey
                : WolverineBinding(problem) ?? NegotiatedHeader(status) ?? status switch
                {
                    StatusCodes.Status404NotFound => "path",
                    StatusCodes.Status405MethodNotAllowed => "method",
                    _ => "body",
                };
            var message = problem.Detail ?? field switch
            {
                "path" => "is not a resource of this API.",
                // Routing lists the methods the path has in Allow.
                "method" => $"is not allowed on this path; it allows {string.Join(", ", context.HttpContext.Response.Headers.Allow.ToArray())}.",
                _ => problem.Title ?? "is invalid.",
            };
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }
        problem.Instance ??= context.HttpContext.Request.Path;
    };

    private const string IdempotencyKey = "Idempotency-Key";

    /// <summary>
    /// Wolverine refuses a query value or header it cannot parse ('?page=abc') with the name in an extension of its own
    /// (<c>parameter</c> or <c>header</c>); the errors map names it instead, like every other bad parameter.
    /// </summary>
    private static string? WolverineBinding(ProblemDetails problem)
    {
        foreach (var key in new[] { "parameter", "header" })
            if (problem.Extensions.Remove(key, out var name) && name is string { Length: > 0 } named) return named;
        return null;
    }

    /// <summary>
    /// Wolverine answers a body it will not read (415) or an Accept it cannot serve (406) with the bare status; the header
    /// at fault is named, not the body. (RequestContent refuses bad Content-Types and Content-Encodings before Wolverine.)
    /// </summary>
    private static string? NegotiatedHeader(int status) => status switch
    {
        StatusCodes.Status406NotAcceptable => "Accept",
        StatusCodes.Status415UnsupportedMediaType => "Content-Type",
        _ => null,
    };

    private static bool HasErrors(ProblemDetails problem) =>
        problem is HttpValidationProblemDetails { Errors.Count: > 0 } || problem.Extensions.ContainsKey("errors");

    public static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        406 => "https://tools.ietf.org/html/rfc9110#section-15.5.7",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        _ => "about:blank",
    };

    /// <summary>
    /// Wolverine reads request bodies and answers a System.Text.Json failure itself; its message names the JSON path
    /// and a .NET type. Turn that into the field the client sent and what was wrong with it.
    /// </summary>
    private static (string Field, string Message)? InvalidJson(string detail)
    {
        var unknown = UnknownMember().Match(detail);
        if (unknown.Success) return (unknown.Groups[1].Value, "is not a field of this request.");
        var path = PathOf().Match(detail);
        if (!path.Success) return null;
        var field = path.Groups[1].Value.TrimStart('$').TrimStart('.');
        if (field.Length == 0) field = "body";
        var message = field == "body" && detail.Contains("could not be converted", StringComparison.Ordinal) ? "must be a JSON object."
            : detail.Contains("could not be converted", StringComparison.Ordinal)
            ? "has the wrong type, or text the ledger cannot store (NUL or unpaired surrogate characters)."
            : "is not valid JSON.";
        return (field, message);
    }

    // Client mistakes are worth a line at information, never a stack trace: they are the client's to fix.
    private static void Log(HttpContext http, int status, string field, string message) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ClaimsLedger.Api.Requests")
            .LogInformation("{Method} {Path}: {Status}, {Field} {Message}", http.Request.Method, http.Request.Path, status, field, message);

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"Path: (\$[^ |]*)")]
    private static partial Regex PathOf();
}

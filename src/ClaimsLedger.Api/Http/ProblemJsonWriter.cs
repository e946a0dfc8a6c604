using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Writes a problem as application/problem+json whatever the request's Accept header asks for. ASP.NET Core's own writer
/// declines a request that does not accept JSON (<c>Accept: text/html</c>), and the result then writes the bare problem
/// without <see cref="ProblemShape"/> (a 404 titled "One or more fields are invalid."). The API has no other rendering of an
/// error, so every problem takes this shape. Registered after the default writer, it writes only what that one declines.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problems, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        problems.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            "application/problem+json", context.HttpContext.RequestAborted));
    }
}

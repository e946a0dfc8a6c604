using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// What every answer to bad input must be (issue 10): never a 5xx; a 4xx is an RFC 9457 problem of the one uniform shape
/// (type and title from the status, status, an errors map naming the field, header or parameter, no .NET internals); a
/// refused request changed nothing (the event count is the same before and after); what is documented as invalid is refused,
/// not quietly accepted. A GET never appends, whatever it answers. A batch's refused items are held to the same rules.
/// </summary>
public static class ProblemContract
{
    private static readonly string[] Internals = ["   at ", "Exception", "ClaimsLedger.Api.", "System.", "Npgsql", "JasperFx", "Wolverine.", "Marten."];

    public static void Check(FuzzRequest request, Reply reply, long eventsBefore, long eventsAfter)
    {
        var code = reply.Code;
        if (code >= 500) throw Violation(request, reply, $"answered {code}: bad input must be refused with a 4xx");
        // A batch answers 200 with a result per item, and refuses an item in its place: every item refused is a refusal.
        var batchRefused = code == 200 && request.Path == BatchPath && Batch(request, reply);
        if (request.MustRefuse && code < 400 && !batchRefused) throw Violation(request, reply, $"accepted with {code} what the API documents as invalid");
        if (code is >= 400 and < 500) Shape(request, reply);
        if ((code is >= 400 and < 500 || batchRefused) && eventsAfter != eventsBefore)
            throw Violation(request, reply, $"refused with {code}, yet the store went from {eventsBefore} to {eventsAfter} events");
        if (request.Method == HttpMethod.Get && eventsAfter != eventsBefore)
            throw Violation(request, reply, $"a read appended events ({eventsBefore} → {eventsAfter})");
    }

    private const string BatchPath = "/api/claims/batch";

    /// <summary>
    /// Each refused item of a batch is held to what a problem must be (a 4xx status, an errors map of named messages, a 400
    /// naming what the request changed); true when every item was refused.
    /// </summary>
    private static bool Batch(FuzzRequest request, Reply reply)
    {
        if (JsonNode.Parse(reply.Body)?["results"] is not JsonArray { Count: > 0 } results) throw Violation(request, reply, "a batch answer without results");
        var refused = 0;
        foreach (var item in results.OfType<JsonObject>())
        {
            if (item["status"] is not JsonValue status) continue;
            refused++;
            var code = status.GetValue<int>();
            if (code is < 400 or >= 500) throw Violation(request, reply, $"an item refused with status {code}");
            var errors = Errors(request, reply, item);
            if (code == 400) Named(request, reply, errors.Select(e => e.Key).ToList());
        }
        if (Internals.FirstOrDefault(reply.Body.Contains) is { } leak) throw Violation(request, reply, $"the answer shows internals ('{leak}')");
        return refused == results.Count;
    }

    private static void Shape(FuzzRequest request, Reply reply)
    {
        var code = reply.Code;
        if (reply.ContentType?.MediaType != "application/problem+json")
            throw Violation(request, reply, $"a {code} with Content-Type '{reply.ContentType}', not application/problem+json");
        JsonObject problem;
        try
        {
            problem = JsonNode.Parse(reply.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw Violation(request, reply, $"a {code} whose body is not a JSON object: {e.Message}");
        }
        if (Text(problem, "type") != ProblemShape.TypeOf(code)) throw Violation(request, reply, $"type is not {ProblemShape.TypeOf(code)}");
        if (Text(problem, "title") != ReasonPhrases.GetReasonPhrase(code)) throw Violation(request, reply, $"title is not '{ReasonPhrases.GetReasonPhrase(code)}'");
        if (problem["status"] is not JsonValue status || status.GetValueKind() != JsonValueKind.Number || status.GetValue<int>() != code)
            throw Violation(request, reply, $"status is not {code}");
        var errors = Errors(request, reply, problem);
        if (Internals.FirstOrDefault(reply.Body.Contains) is { } leak) throw Violation(request, reply, $"the problem shows internals ('{leak}')");
        var names = errors.Select(e => e.Key).ToList();
        if (names.Contains("X-Correlation-Id")) throw Violation(request, reply, "an unusable X-Correlation-Id is replaced, never refused");
        if (code == 400) Named(request, reply, names);
    }

    /// <summary>The errors map of a problem (or of a refused batch item): present, and each entry a name with messages.</summary>
    private static JsonObject Errors(FuzzRequest request, Reply reply, JsonObject problem)
    {
        if (problem["errors"] is not JsonObject { Count: > 0 } errors) throw Violation(request, reply, "no errors map (or an empty one)");
        foreach (var (key, messages) in errors)
        {
            // A member the client named "" is named as sent; any other nameless entry names nothing.
            if (string.IsNullOrWhiteSpace(key) && !request.Touched.Contains(key)) throw Violation(request, reply, "an errors entry without a name");
            if (messages is not JsonArray { Count: > 0 } list || list.Any(m => m is not JsonValue v || v.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetValue<string>())))
                throw Violation(request, reply, $"errors['{key}'] is not a list of messages");
        }
        return errors;
    }

    /// <summary>A 400 names one of the fields, headers or parameters the request changed (or one related to it).</summary>
    private static void Named(FuzzRequest request, Reply reply, List<string> names)
    {
        if (request.MustName && request.Touched.Count > 0 && !names.Any(name => request.Touched.Any(t => Related(name, t))))
            throw Violation(request, reply, $"the 400 names [{string.Join(", ", names)}], none of what the request changed: [{string.Join(", ", request.Touched)}]");
    }

    private static string? Text(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>Pairs a problem may name for each other: a bad one of them is reported against the other.</summary>
    private static readonly string[][] Pairs =
    [
        ["page", "pageSize"], ["from", "to"], ["validFrom", "validTo"], ["If-Match", "expectedVersion"],
    ];

    /// <summary>
    /// Whether the problem's <paramref name="name"/> is about the changed <paramref name="touched"/>: the same field, a field
    /// inside it (an object replaced by <c>{}</c> names its missing members), the object holding it (a repeated effect names
    /// <c>effects[1]</c>), a sibling in the same object (<c>evidence.start</c> past <c>evidence.end</c>), its pair
    /// (<c>page</c>/<c>pageSize</c>), or its own name without the path (an unknown member is named as the client spelled it).
    /// </summary>
    public static bool Related(string name, string touched)
    {
        if (name == touched) return true;
        if (name.StartsWith(touched + ".", StringComparison.Ordinal) || name.StartsWith(touched + "[", StringComparison.Ordinal)) return true;
        if (touched.StartsWith(name + ".", StringComparison.Ordinal) || touched.StartsWith(name + "[", StringComparison.Ordinal)) return true;
        var parent = Parent(touched);
        if (parent.Length > 0 && Parent(name) == parent) return true;
        if (Pairs.Any(p => p.Contains(name) && p.Contains(touched))) return true;
        return name == Leaf(touched);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }

    private static string Leaf(string path)
    {
        var cut = path.LastIndexOf('.');
        return cut < 0 ? path : path[(cut + 1)..];
    }

    private static ContractViolation Violation(FuzzRequest request, Reply reply, string what) =>
        new($"{what}\n  request: {request}\n  answer: {reply.Code} {reply.ContentType}\n    {Hostile.Visible(reply.Body, 1200)}");
}

public sealed class ContractViolation(string message) : Exception(message);

using System.Text;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// One generated request and what was changed from a valid one. <see cref="Touched"/> lists the fields (JSON paths),
/// headers, route values and query parameters the mutation changed: a 400 must name one of them (or its neighbour, see
/// <see cref="ProblemContract.Related"/>) when <see cref="MustName"/> is set. <see cref="MustRefuse"/> marks a request carrying
/// something the README or the validators document as invalid (a year outside 1000–2999, NUL, text over its maximum, a page
/// past item 1,000,000, an unusable Idempotency-Key or X-Actor, an unknown member): it must get a 4xx, never a 2xx.
/// </summary>
public sealed record FuzzRequest(
    HttpMethod Method,
    string Path,
    byte[]? Body,
    string? ContentType,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Mutation,
    IReadOnlyList<string> Touched,
    bool MustName,
    bool MustRefuse = false)
{
    public const string Json = "application/json";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.Remove("Content-Type");
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers) message.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public FuzzRequest WithHeader(string name, string value) => this with { Headers = [.. Headers.Where(h => h.Key != name), new(name, value)] };

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Hostile.Visible(Path, 400)).Append("   [").Append(Hostile.Visible(Mutation, 300)).Append(MustRefuse ? "; must be refused]" : "]");
        foreach (var (name, value) in Headers) text.Append("\n    ").Append(name).Append(": ").Append(Hostile.Visible(value, 300));
        if (Body is not null)
        {
            text.Append("\n    Content-Type: ").Append(ContentType ?? "(none)");
            text.Append($"\n    body ({Body.Length:N0} bytes): ").Append(Hostile.Visible(Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 4000)), 700));
        }
        return text.ToString();
    }
}

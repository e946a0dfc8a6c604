using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Refuses, with a 415 naming the header, a request body the API would otherwise misread: one with a content coding, or,
/// on an endpoint that reads JSON, one labelled as something else. Wolverine's own check compares the media type
/// case-sensitively (<c>application/JSON</c> was refused, though media types are case-insensitive, RFC 9110 8.3.1) and
/// its 415 named nothing; this one accepts any JSON media type (<c>application/json</c>, <c>…+json</c>) in any case, and a
/// body without a Content-Type is still read as JSON.
/// <para>
/// Compressed bodies are refused (RFC 9110 15.5.16, with <c>Accept-Encoding: identity</c>) rather than decoded: no client
/// of a ledger of short JSON commands needs them, the body limits (413) and the Idempotency-Key fingerprint then keep
/// holding for the bytes actually sent, and a small compressed body cannot expand into a large one. Before this, a body
/// labelled <c>br</c> was read as if plain, and a gzip one answered "not valid JSON".
/// </para>
/// </summary>
public sealed class RequestContent(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var readsJson = context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { RequestType: not null };
        var hasContent = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if ((readsJson || hasContent) && !IsIdentity(request.Headers.ContentEncoding.ToString()))
        {
            context.Response.Headers.AcceptEncoding = "identity";
            await Refuse(context, HeaderNames.ContentEncoding, "must be identity (or absent): the API does not decode compressed request bodies.");
            return;
        }
        if (readsJson && !string.IsNullOrWhiteSpace(request.ContentType))
        {
            if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !IsJson(type))
            {
                await Refuse(context, HeaderNames.ContentType, "must be application/json (or another JSON media type, …+json).");
                return;
            }
            // Wolverine reads the body only under a lower-case JSON media type; the client's case means the same.
            if (type.MediaType.Value is { } name && name != name.ToLowerInvariant())
            {
                type.MediaType = name.ToLowerInvariant();
                request.ContentType = type.ToString();
            }
        }
        await next(context);
    }

    private static bool IsIdentity(string codings) =>
        codings.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(c => c.Equals("identity", StringComparison.OrdinalIgnoreCase));

    private static bool IsJson(MediaTypeHeaderValue type) =>
        type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext context, string header, string message) =>
        Problems.Invalid(header, message, StatusCodes.Status415UnsupportedMediaType).ExecuteAsync(context);
}

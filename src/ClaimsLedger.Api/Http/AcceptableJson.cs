using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Content negotiation for the endpoints that answer JSON alone (every one not marked <see cref="ChoosesRenderingAttribute"/>):
/// an Accept header that refuses JSON (<c>application/json;q=0</c>, <c>*/*;q=0</c>) is a 406 naming it, by the rules of
/// <see cref="ContentNegotiation"/>.
/// <para>
/// Wolverine checks Accept itself on the endpoints that read a JSON body, comparing media types exactly and
/// case-sensitively (<c>application/JSON</c> was a 406, though media types are case-insensitive, RFC 9110 8.3.1), knowing
/// no <c>application/*</c> and no q-values. So once JSON is found acceptable here, Wolverine is handed the one spelling it
/// knows. A header that does not mention JSON at all (<c>text/html</c>) is still Wolverine's to refuse on those endpoints.
/// </para>
/// </summary>
public sealed class AcceptableJson(RequestDelegate next)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<System.Reflection.MethodInfo, bool> ChoosesItself = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is { } chain && !ChoosesItself.GetOrAdd(chain.Method.Method,
                m => m.IsDefined(typeof(ChoosesRenderingAttribute), inherit: false)))
        {
            var quality = ContentNegotiation.QualityOf(context.Request, ContentNegotiation.Json);
            if (quality == 0)
            {
                await ContentNegotiation.NotAcceptable([ContentNegotiation.Json]).ExecuteAsync(context);
                return;
            }
            if (quality > 0 && chain.RequestType is not null) context.Request.Headers[HeaderNames.Accept] = ContentNegotiation.Json;
        }
        await next(context);
    }
}

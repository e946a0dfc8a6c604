namespace ClaimsLedger.Api.Http;

/// <summary>
/// HEAD is answered wherever GET is (RFC 9110, 9.3.2: the same status and header fields, no content). Wolverine maps each
/// endpoint for the method it declares, so a HEAD request is routed as the GET it mirrors; Kestrel, which parsed the
/// request as HEAD, sends no content whatever the endpoint writes, and a body written to nowhere here costs no copy.
/// Runs before routing (Program.cs calls UseRouting after it).
/// </summary>
public sealed class HeadRequests(RequestDelegate next)
{
    private static readonly object AskedKey = new();

    /// <summary>
    /// Whether the request, routed as GET, was a HEAD. An answer that never ends by itself (a server-sent event stream) must
    /// stop after its headers: writes to the discarded body never reach the client, so not even the status line would.
    /// </summary>
    public static bool Asked(HttpContext context) => context.Items.ContainsKey(AskedKey);

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = context.Response.Body;
        context.Items[AskedKey] = true;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    }
}

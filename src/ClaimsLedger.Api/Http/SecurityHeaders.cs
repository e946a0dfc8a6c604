namespace ClaimsLedger.Api.Http;

/// <summary>
/// Headers every response carries so a browser treats what the ledger serves as data: no MIME sniffing, no referrer
/// leaking a report's parameters, never framed. HTML (the report) also gets a Content-Security-Policy that lets its
/// inline styles and SVG render and nothing load or run; Swagger UI, which needs its own scripts, gets none.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string HtmlPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    public const string DataPolicy = "default-src 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            if (!context.Request.Path.StartsWithSegments("/swagger"))
                headers.ContentSecurityPolicy = context.Response.ContentType?.StartsWith("text/html", StringComparison.Ordinal) == true ? HtmlPolicy : DataPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    }
}

using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Compresses what the API sends (Brotli or gzip, as the client's Accept-Encoding allows) with ASP.NET Core's response
/// compression: claim pages, exports, reports and change feeds are JSON, NDJSON, CSV, Markdown and HTML that shrink several times
/// over, which an integrator pulling a whole ledger across a network notices.
/// </summary>
/// <remarks>
/// Not compressed:
/// <list type="bullet">
/// <item>Server-sent events (not among the types), which must reach the client event by event.</item>
/// <item>An answer carrying a version ETag (a claim, a source, a write's result). A strong ETag names one representation,
/// and a compressed one is another (RFC 9110, 8.8.3). Our ETags are the stream's version that If-Match and If-None-Match
/// send back (<c>"3"</c>), so they cannot grow a per-coding suffix; those answers are small anyway.</item>
/// </list>
/// Not over Kestrel's own HTTPS either (ASP.NET Core's default): a response that carries a secret (a webhook subscription's
/// signing secret, once) beside text the caller chose is what a compression side channel (BREACH) needs. Behind a
/// TLS-terminating proxy the API speaks HTTP and compresses.
/// </remarks>
public static class LedgerResponseCompression
{
    public static readonly string[] MediaTypes =
    [
        "application/json", "application/problem+json", Provenance.ClaimProvDocument.MediaType, Audit.LedgerExport.ContentType,
        "text/csv", "text/markdown", "text/html", "text/plain",
    ];

    public static IServiceCollection AddLedgerResponseCompression(this IServiceCollection services)
    {
        services.AddResponseCompression(o =>
        {
            o.MimeTypes = MediaTypes;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
        });
        // The fastest levels: the API shares two cores with PostgreSQL, and they keep most of the gain on JSON.
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        services.AddSingleton<IResponseCompressionProvider, UnlessVersioned>();
        return services;
    }

    /// <summary>ASP.NET Core's choice, except for an answer with an ETag (see the remarks above).</summary>
    private sealed class UnlessVersioned(IServiceProvider services, IOptions<ResponseCompressionOptions> options)
        : ResponseCompressionProvider(services, options)
    {
        public override bool ShouldCompressResponse(HttpContext context) =>
            !context.Response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ETag) && base.ShouldCompressResponse(context);
    }
}

using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>
/// Picks the report's rendering from the <c>Accept</c> header when <c>format=</c> is absent: the most preferred media
/// type the report has (by quality, then order), JSON for <c>*/*</c>, no header, or only types it cannot render
/// (lenient rather than 406, so a generic client still gets the JSON it most likely wants).
/// </summary>
public static class ReportNegotiation
{
    private static readonly (string MediaType, ReportFormat Format)[] Renderings =
    [
        ("application/json", ReportFormat.Json),
        ("text/markdown", ReportFormat.Markdown),
        ("text/html", ReportFormat.Html),
        ("text/csv", ReportFormat.Csv),
    ];

    public static ReportFormat FormatFor(IList<string> accept)
    {
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges)) return ReportFormat.Json;
        var preferred = ranges
            .Select((range, order) => (range, order, quality: range.Quality ?? 1.0))
            .Where(r => r.quality > 0)
            .OrderByDescending(r => r.quality).ThenBy(r => r.order);
        foreach (var (range, _, _) in preferred)
        {
            // By type and subtype alone (case-insensitively, wildcards included): a range's parameters (charset=utf-8) would
            // otherwise make it no subset's superset, and text/csv; charset=utf-8 got JSON.
            var bare = new MediaTypeHeaderValue(range.MediaType);
            foreach (var (mediaType, format) in Renderings)
                if (new MediaTypeHeaderValue(mediaType).IsSubsetOf(bare)) return format;
        }
        return ReportFormat.Json;
    }
}

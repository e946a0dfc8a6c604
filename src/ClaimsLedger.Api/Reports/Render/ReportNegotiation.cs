namespace ClaimsLedger.Api.Reports.Render;

/// <summary>
/// Picks the report's rendering from the <c>Accept</c> header when <c>format=</c> is absent, by the API's one reading of
/// it (<see cref="ContentNegotiation"/>): the most preferred media type the report has (by quality, then the order the
/// client listed them), JSON for <c>*/*</c>, no header, or only types it cannot render (lenient rather than 406, so a
/// generic client still gets the JSON it most likely wants); none when the header refuses JSON and every rendering it names.
/// </summary>
public static class ReportNegotiation
{
    public static readonly string[] MediaTypes = [ContentNegotiation.Json, "text/markdown", "text/html", "text/csv"];

    public static ReportFormat? FormatFor(HttpRequest request) => ContentNegotiation.Choose(request, MediaTypes) switch
    {
        ContentNegotiation.Json => ReportFormat.Json,
        "text/markdown" => ReportFormat.Markdown,
        "text/html" => ReportFormat.Html,
        "text/csv" => ReportFormat.Csv,
        _ => null,
    };
}

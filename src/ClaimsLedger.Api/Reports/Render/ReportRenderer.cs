namespace ClaimsLedger.Api.Reports.Render;

/// <summary>One report model, four renderings; the content types are the ones OpenAPI documents for the endpoint.</summary>
public static class ReportRenderer
{
    public const string Json = "application/json";
    public const string Markdown = "text/markdown; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";
    public const string Csv = "text/csv; charset=utf-8";

    public static string Render(AlignmentReport report, ReportFormat format) => format switch
    {
        ReportFormat.Json => JsonReport.Render(report),
        ReportFormat.Markdown => MarkdownReport.Render(report),
        ReportFormat.Html => HtmlReport.Render(report),
        ReportFormat.Csv => CsvReport.Render(report),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Json => Json,
        ReportFormat.Markdown => Markdown,
        ReportFormat.Html => Html,
        ReportFormat.Csv => Csv,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}

using ClaimsLedger.Api.Reports.Render;

namespace ClaimsLedger.Api.Reports;

public static class GetAlignmentReportEndpoint
{
    /// <summary>
    /// An alignment report for up to 20 subjects as of a record time (default: now), optionally limited to a valid-time
    /// window and to evidence published by a date, as JSON, Markdown, HTML or CSV. The same parameters give the same bytes
    /// however many events follow.
    /// </summary>
    [WolverineGet("/api/reports/alignment", OperationId = "GetAlignmentReport")]
    [Tags("Reports")]
    [ProducesResponseType<AlignmentReport>(StatusCodes.Status200OK, ReportRenderer.Json)]
    // text/markdown, text/html and text/csv are added to the 200 response by ReportContentTypes.
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? subjects, string? asOf, string? validFrom, string? validTo, string? publishedBy, string? format,
        IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (!ReportRequest.TryRead(subjects, asOf, validFrom, validTo, format, out var request, out var errors, publishedBy)) return errors.ToProblem();
        var report = await AlignmentReportBuilder.BuildAsync(session, request, request.Query.AsOf ?? clock.GetUtcNow(), ct);
        return Results.Text(ReportRenderer.Render(report, request.Format), ReportRenderer.ContentType(request.Format));
    }
}

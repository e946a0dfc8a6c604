using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Reports.Render;

namespace ClaimsLedger.Api.Reports;

public static class GetAlignmentReportEndpoint
{
    /// <summary>
    /// An alignment report for up to 20 subjects as of a record time (default: now), optionally limited to a valid-time
    /// window and to evidence published by a date, as JSON, Markdown, HTML or CSV. The same parameters give the same bytes
    /// however many events follow: a report waits until the alignment has been projected up to its instant (503 with
    /// Retry-After when that takes longer than a read given minPosition would wait).
    /// </summary>
    /// <remarks>
    /// The rendering is <c>format=</c> when given, else the most preferred of <c>application/json</c>, <c>text/markdown</c>,
    /// <c>text/html</c> and <c>text/csv</c> in the <c>Accept</c> header by quality (JSON for <c>*/*</c> or none of them; 406
    /// when it refuses JSON, <c>application/json;q=0</c>, and accepts none of the others).
    /// </remarks>
    [WolverineGet("/api/reports/alignment", OperationId = "GetAlignmentReport")]
    [ChoosesRendering]
    [Tags("Reports")]
    [ProducesResponseType<AlignmentReport>(StatusCodes.Status200OK, ReportRenderer.Json)]
    // text/markdown, text/html and text/csv are added to the 200 response by ReportContentTypes.
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? subjects, string? asOf, string? validFrom, string? validTo, string? publishedBy, string? format,
        HttpRequest http, IQuerySession session, TimeProvider clock, ReportGate gate, SettledInstant settled, CancellationToken ct)
    {
        if (format is null)
        {
            if (ReportNegotiation.FormatFor(http) is not { } negotiated) return ContentNegotiation.NotAcceptable(ReportNegotiation.MediaTypes);
            format = negotiated.ToString().ToLowerInvariant();
        }
        if (!ReportRequest.TryRead(subjects, asOf, validFrom, validTo, format, out var request, out var errors, publishedBy)) return errors.ToProblem();
        // The answer depends on Accept when format= is absent: caches must key on it.
        http.HttpContext.Response.Headers.Vary = "Accept";
        var instant = request.Query.AsOf ?? clock.GetUtcNow();
        if (await settled.WaitAsync(instant, "asOf", session, http.HttpContext, ct) is { } unsettled) return unsettled;
        var report = await gate.RunAsync(() => AlignmentReportBuilder.BuildAsync(session, request, instant, ct), ct);
        return Results.Text(ReportRenderer.Render(report, request.Format), ReportRenderer.ContentType(request.Format));
    }
}

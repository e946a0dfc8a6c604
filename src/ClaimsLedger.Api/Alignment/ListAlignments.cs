namespace ClaimsLedger.Api.Alignment;

public sealed record AlignmentSummary(string Subject, string Label, string? LeadingPower, int ClaimCount);

public static class ListAlignmentsEndpoint
{
    [WolverineGet("/api/alignments", OperationId = "ListAlignments")]
    [Tags("Alignment")]
    [ProducesResponseType<List<AlignmentSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct)
    {
        var all = await session.Query<SubjectAlignment>()
            .Where(a => a.ClaimCount > 0)
            .OrderBy(a => a.Id)
            .Select(a => new AlignmentSummary(a.Id, a.Label, a.LeadingPower, a.ClaimCount))
            .ToListAsync(ct);
        return Results.Ok(all);
    }
}

namespace ClaimsLedger.Api.Alignment;

/// <summary>One subject's current alignment in brief, and whether contradictions about it await an analyst.</summary>
/// <param name="Subject">The country or region.</param>
/// <param name="Label">The label the overall scores earn (README, "Labels"): <c>aligned with CN</c>, <c>leaning RU</c>, <c>drifting RU→CN</c>, <c>multi-vector</c> or <c>no signal</c> (no positive score).</param>
/// <param name="LeadingPower">The power with the highest positive overall score; null with no signal.</param>
/// <param name="ClaimCount">How many claims in force contribute to the subject's scores (at least 1 here).</param>
/// <param name="UnresolvedContradictions">How many contradictions about the subject stand unresolved now (see /api/contradictions).</param>
public sealed record AlignmentSummary(string Subject, string Label, string? LeadingPower, int ClaimCount, int UnresolvedContradictions);

public static class ListAlignmentsEndpoint
{
    /// <summary>Every subject with at least one claim in force, by subject code, with its current label, leading power and unresolved contradictions.</summary>
    [WolverineGet("/api/alignments", OperationId = "ListAlignments")]
    [Tags("Alignment")]
    [ProducesResponseType<List<AlignmentSummary>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IQuerySession session, CancellationToken ct)
    {
        var all = await session.Query<SubjectAlignment>()
            .Where(a => a.ClaimCount > 0)
            .OrderBy(a => a.Id)
            .Select(a => new { a.Id, a.Label, a.LeadingPower, a.ClaimCount })
            .ToListAsync(ct);
        // The counts the contradiction projection keeps per subject: one row each, however many pairs stand.
        var unresolved = (await session.LoadManyAsync<Contradictions.UnresolvedCount>(ct, all.Select(a => a.Id)))
            .ToDictionary(c => c.Id, c => c.Count, StringComparer.Ordinal);
        return Results.Ok(all.Select(a => new AlignmentSummary(a.Id, a.Label, a.LeadingPower, a.ClaimCount, unresolved.GetValueOrDefault(a.Id))).ToList());
    }
}

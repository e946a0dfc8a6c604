using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A subject's alignment: every score (exact), its label, and its heaviest contributions; the rest are a page away at
/// <c>/contributions</c>. <paramref name="ContributionCount"/> says how many there are in all. <paramref name="UnresolvedContradictions"/>
/// counts the contradictions about the subject that stood unresolved at the read's record time (see /api/contradictions); it is
/// not cut by valid time or publication.
/// </summary>
public sealed record AlignmentView(
    string Subject,
    string Label,
    string? LeadingPower,
    Dictionary<string, Dictionary<string, decimal>> Scores,
    int ClaimCount,
    int ContributionCount,
    IReadOnlyList<ContributionView> Contributions,
    long LastSequence,
    DateTimeOffset? AsOf,
    string? ValidFrom,
    string? ValidTo,
    string? PublishedBy,
    int UnresolvedContradictions)
{
    public static AlignmentView From(AlignmentQuery query, AlignmentCells cells, IEnumerable<ClaimContribution> top, long lastSequence,
        int unresolvedContradictions)
    {
        var (label, leader) = cells.Label();
        return new AlignmentView(query.Subject, label, leader, cells.View(), cells.ClaimCount, cells.ContributionCount,
            top.Select(ContributionView.Of).ToList(), lastSequence, query.AsOf, query.ValidFrom?.Text, query.ValidTo?.Text, query.PublishedBy?.Text,
            unresolvedContradictions);
    }
}

public sealed record ContributionView(string ClaimId, string Power, string Dimension, decimal Contribution)
{
    public static ContributionView Of(ClaimContribution c) => new(c.ClaimId, c.Power, c.Dimension.Name(), c.Contribution);
}

public static class GetAlignmentEndpoint
{
    public const int DefaultTop = 20, MaxTop = 200;

    [WolverineGet("/api/alignments/{subject}", OperationId = "GetAlignment")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string subject, string? asOf, string? validFrom, string? validTo, string? publishedBy, int? top,
        IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = AlignmentQuery.Read(subject, asOf, validFrom, validTo, errors, publishedBy);
        if (top is < 1 or > MaxTop) errors.Add("top", $"must be between 1 and {MaxTop}.");
        if (errors.Any) return errors.ToProblem();

        var (cells, last) = query.AsOf is { } instant
            ? await AlignmentReader.AsOfAsync(session, subject, instant, ct)
            : await AlignmentReader.CurrentAsync(session, subject, ct);
        long? at = query.AsOf is null ? null : last;
        var take = top ?? DefaultTop;
        var unresolved = await Contradictions.ContradictionViews.UnresolvedAsync(session, subject, query.AsOf, ct);
        if (!query.SumsContributions)
            return Results.Ok(AlignmentView.From(query, cells, await AlignmentReader.PageAsync(session, query, at, 0, take, ct), last, unresolved));

        // No cell holds scores for a valid-time window or a publication cut-off: they are summed from the contributions valid
        // in the window, each at its value by the cut-off (the slower path: every contribution of the subject is read).
        var valid = await AlignmentReader.AllAsync(session, query, at, ct);
        var ordered = valid.Order(Comparer<ClaimContribution>.Create(ClaimContribution.ByWeight)).Take(take);
        return Results.Ok(AlignmentView.From(query, AlignmentCells.Of(valid), ordered, last, unresolved));
    }
}

using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A subject's alignment: every score (exact), its label, and its heaviest contributions; the rest are a page away at
/// <c>/contributions</c>. <paramref name="ContributionCount"/> says how many there are in all. <paramref name="UnresolvedContradictions"/>
/// counts the contradictions about the subject that stood unresolved at the read's record time (see /api/contradictions); it is
/// not cut by valid time or publication.
/// </summary>
/// <param name="Subject">The country or region asked about.</param>
/// <param name="Label">The label the overall scores earn (README, "Labels"): <c>aligned with CN</c>, <c>leaning RU</c>, <c>drifting RU→CN</c>, <c>multi-vector</c> or <c>no signal</c> (no positive score).</param>
/// <param name="LeadingPower">The power with the highest positive overall score; null with no signal.</param>
/// <param name="Scores">Scores by power (highest overall first), then by column: <c>overall</c> and each dimension. Each is the exact sum of its contributions (up to 4 decimals); positive toward the power, negative away.</param>
/// <param name="ClaimCount">How many claims in force contribute to the scores.</param>
/// <param name="ContributionCount">How many (claim, power, dimension) contributions make up the scores, listed or not.</param>
/// <param name="Contributions">The heaviest contributions (largest absolute value first), at most <c>top</c> (default 20); the rest are at /contributions.</param>
/// <param name="LastSequence">The ledger position of the latest event the scores reflect (0 when none).</param>
/// <param name="AsOf">The record time asked for; null for the current alignment.</param>
/// <param name="ValidFrom">The start of the valid-time window asked for, as given; null when unbounded.</param>
/// <param name="ValidTo">The end of the valid-time window asked for, as given; null when unbounded.</param>
/// <param name="PublishedBy">The publication cut-off asked for, as given: only evidence from sources published by then counts; null when none.</param>
/// <param name="UnresolvedContradictions">How many contradictions about the subject stood unresolved at the read's record time (see /api/contradictions); not cut by valid time or publication.</param>
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
        int unresolvedContradictions) =>
        From(query, cells, top.Select(ContributionView.Of).ToList(), lastSequence, unresolvedContradictions);

    public static AlignmentView From(AlignmentQuery query, AlignmentCells cells, IReadOnlyList<ContributionView> top, long lastSequence,
        int unresolvedContradictions)
    {
        var (label, leader) = cells.Label();
        return new AlignmentView(query.Subject, label, leader, cells.View(), cells.ClaimCount, cells.ContributionCount,
            top, lastSequence, query.AsOf, query.ValidFrom?.Text, query.ValidTo?.Text, query.PublishedBy?.Text, unresolvedContradictions);
    }
}

/// <summary>One claim's contribution to one (power, dimension) score of the subject.</summary>
/// <param name="ClaimId">The contributing claim (GET /api/claims/{id}).</param>
/// <param name="Power">The power whose score it moves.</param>
/// <param name="Dimension">The dimension it moves (lower case); it moves the power's overall score too.</param>
/// <param name="Contribution">±strength × confidence × reliability × corroboration × contest, rounded to 4 decimals: positive toward the power, negative away.</param>
public sealed record ContributionView(string ClaimId, string Power, string Dimension, decimal Contribution)
{
    public static ContributionView Of(ClaimContribution c) => new(c.ClaimId, c.Power, c.Dimension.Name(), c.Contribution);
}

public static class GetAlignmentEndpoint
{
    public const int DefaultTop = 20, MaxTop = 200;

    /// <summary>A subject's alignment with each power: its scores, label and heaviest contributions, at any record time and over any valid-time window.</summary>
    /// <remarks>
    /// <c>asOf</c> (an ISO 8601 instant) shows what the ledger held then; <c>validFrom</c>/<c>validTo</c> (a year, month,
    /// day or range) keep only claims whose valid time overlaps the window. A subject without claims has empty scores
    /// and the label <c>no signal</c>.
    /// </remarks>
    [WolverineGet("/api/alignments/{subject}", OperationId = "GetAlignment")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string subject, string? asOf, string? validFrom, string? validTo, string? publishedBy, int? top,
        IQuerySession session, ReadGate gate, WholeSubjectReadGate wholeSubject, SettledInstant settled, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = AlignmentQuery.Read(subject, asOf, validFrom, validTo, errors, publishedBy);
        if (top is < 1 or > MaxTop) errors.Add("top", $"must be between 1 and {MaxTop}.");
        if (errors.Any) return errors.ToProblem();
        if (query.AsOf is { } asked && await settled.WaitAsync(asked, "asOf", session, http, ct) is { } unsettled) return unsettled;

        var take = top ?? DefaultTop;
        if (query.AsOf is { } then && !query.SumsContributions)
        {
            var read = await gate.RunAsync(() => AlignmentReader.AsOfWithHeaviestAsync(session, subject, then, take, ct), ct);
            return Results.Ok(AlignmentView.From(query, read.Cells, read.Heaviest, read.LastSequence, read.UnresolvedContradictions));
        }

        var (cells, last) = query.AsOf is { } instant
            ? await AlignmentReader.AsOfAsync(session, subject, instant, ct)
            : await AlignmentReader.CurrentAsync(session, subject, ct);
        // Contributions are read at the cells' own position, current reads too: a batch the projection commits between the
        // two queries cannot pair these scores with another state's contributions.
        long at = last;
        var unresolved = await Contradictions.ContradictionViews.UnresolvedAsync(session, subject, query.AsOf, ct);
        if (!query.SumsContributions)
            return Results.Ok(AlignmentView.From(query, cells, await AlignmentReader.PageAsync(session, query, at, 0, take, ct), last, unresolved));

        // No cell holds scores for a valid-time window or a publication cut-off: they are summed from the contributions valid
        // in the window, each at its value by the cut-off (the slower path: every contribution of the subject is read).
        // It takes turns with the other reads of a whole subject (WholeSubjectReadGate), which bounds how many such lists the API
        // holds at once.
        var valid = await wholeSubject.RunAsync(() => AlignmentReader.AllAsync(session, query, at, ct), ct);
        var ordered = valid.Order(Comparer<ClaimContribution>.Create(ClaimContribution.ByWeight)).Take(take);
        return Results.Ok(AlignmentView.From(query, AlignmentCells.Of(valid), ordered, last, unresolved));
    }
}

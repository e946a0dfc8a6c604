using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>How a subject's scores changed between two record times, and which events changed them.</summary>
/// <param name="Subject">The country or region asked about.</param>
/// <param name="From">The earlier record time (UTC, ISO 8601).</param>
/// <param name="To">The later record time (UTC, ISO 8601).</param>
/// <param name="Changes">Every score that differs between the two, by power then column (<c>overall</c> first); empty when nothing changed.</param>
public sealed record AlignmentDiff(string Subject, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CellDiff> Changes);

/// <summary>
/// One score cell that differs between the two instants: the heaviest causes (at most <see cref="GetAlignmentDiffEndpoint.MaxCauses"/>)
/// and the rest summed in <paramref name="OtherCauses"/>, so the deltas still add up exactly to After − Before.
/// </summary>
/// <param name="Power">The power whose score changed.</param>
/// <param name="Dimension">The score's column: <c>overall</c> or a dimension (lower case).</param>
/// <param name="Before">The score at <c>from</c>.</param>
/// <param name="After">The score at <c>to</c>.</param>
/// <param name="Causes">The heaviest changes behind the difference (at most 20), in ledger order.</param>
/// <param name="OtherCauses">The changes not listed, summed.</param>
public sealed record CellDiff(string Power, string Dimension, decimal Before, decimal After, IReadOnlyList<DiffCause> Causes, OtherCauses OtherCauses);

/// <summary>The causes not listed: how many, and what they moved together.</summary>
/// <param name="Count">How many changes are not listed (0 when all are).</param>
/// <param name="Delta">What they moved the score by together, so the listed deltas plus this equal after − before.</param>
public sealed record OtherCauses(int Count, decimal Delta);

/// <summary>One event's move of one claim's contribution to the score.</summary>
/// <param name="ClaimId">The claim whose contribution moved.</param>
/// <param name="Sequence">The ledger position of the event that moved it.</param>
/// <param name="Timestamp">When the ledger recorded the event (UTC, ISO 8601).</param>
/// <param name="EventType">The event's stored type (<c>claim_corroborated</c>, <c>source_reliability_graded</c>, …): a source's events move every claim it supports.</param>
/// <param name="Actor">Who caused the event.</param>
/// <param name="Reason">Why, for events that carry a reason; null otherwise.</param>
/// <param name="Delta">How much the event moved this score through this claim (after − before).</param>
public sealed record DiffCause(string ClaimId, long Sequence, DateTimeOffset Timestamp, string EventType, string? Actor, string? Reason, decimal Delta);

public static class GetAlignmentDiffEndpoint
{
    public const int MaxCauses = 20;

    /// <summary>What changed in a subject's scores between two record times (<c>from</c>, <c>to</c>), and the events, actors and reasons behind each change.</summary>
    [WolverineGet("/api/alignments/{subject}/diff", OperationId = "GetAlignmentDiff")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentDiff>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string subject, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (!Instant.TryParse(from, out var start)) errors.Add("from", "is required and " + Instant.Rule);
        if (!Instant.TryParse(to, out var end)) errors.Add("to", "is required and " + Instant.Rule);
        if (!errors.Any && end < start) errors.Add("to", "must not be before from.");
        if (errors.Any) return errors.ToProblem();

        var (before, _) = await AlignmentReader.AsOfAsync(session, subject, start, ct);
        var (after, _) = await AlignmentReader.AsOfAsync(session, subject, end, ct);
        var between = await session.Query<AlignmentChange>()
            .Where(c => c.Subject == subject && c.Timestamp > start && c.Timestamp <= end)
            .OrderBy(c => c.Sequence).ToListAsync(ct);

        var cells = ScoreCell.Ordered(before.Scores.Keys.Concat(after.Scores.Keys).Select(ScoreCell.Parse));
        var changes = cells
            .Select(cell => (cell, Before: before.Cell(cell), After: after.Cell(cell)))
            .Where(x => x.Before != x.After)
            .Select(x => Diff(x.cell, x.Before, x.After, CausesOf(between, x.cell)))
            .ToList();
        return Results.Ok(new AlignmentDiff(subject, start, end, changes));
    }

    private static CellDiff Diff(ScoreCell cell, decimal before, decimal after, List<DiffCause> causes)
    {
        var listed = causes.OrderByDescending(c => Math.Abs(c.Delta)).ThenBy(c => c.Sequence).ThenBy(c => c.ClaimId, StringComparer.Ordinal)
            .Take(MaxCauses).OrderBy(c => c.Sequence).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToList();
        var rest = causes.Except(listed).ToList();
        return new CellDiff(cell.Power, cell.DimensionName, before, after, listed, new OtherCauses(rest.Count, rest.Sum(c => c.Delta)));
    }

    private static List<DiffCause> CausesOf(IReadOnlyList<AlignmentChange> changes, ScoreCell cell) =>
        changes.SelectMany(c => c.Deltas
                .Where(d => cell.Includes(d.Power, d.Dimension))
                .GroupBy(d => d.ClaimId)
                .Select(g => new DiffCause(g.Key, c.Sequence, c.Timestamp, c.EventType, c.Actor, c.Reason, g.Sum(d => d.Delta))))
            .Where(cause => cause.Delta != 0)
            .ToList();
}

using ClaimsLedger.Api.Postgres;
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
    public static async Task<IResult> Get(string subject, string? from, string? to, IQuerySession session, WholeSubjectReadGate wholeSubject,
        SettledInstant settled, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (!Instant.TryParse(from, out var start)) errors.Add("from", "is required and " + Instant.Rule);
        if (!Instant.TryParse(to, out var end)) errors.Add("to", "is required and " + Instant.Rule);
        if (!errors.Any && end < start) errors.Add("to", "must not be before from.");
        if (errors.Any) return errors.ToProblem();
        if (await settled.WaitAsync(end, "to", session, http, ct) is { } unsettled) return unsettled;

        // A long span reads every change in it: it takes turns with the other reads of a whole subject (WholeSubjectReadGate).
        return Results.Ok(await wholeSubject.RunAsync(() => DiffAsync(session, subject, start, end, ct), ct));
    }

    /// <summary>
    /// The cells that differ and their causes, from the changes between the two instants read as a stream: each change is
    /// tallied into the cells it moved and let go, so a diff over the hot subject's whole history (46,000 changes at 200k
    /// events) holds 20 causes a cell, not every change. Holding them all took 5.8 s a diff and eight at once took the API to
    /// 1.9 GB; each cell's causes were also found by scanning every change again.
    /// </summary>
    private static async Task<AlignmentDiff> DiffAsync(IQuerySession session, string subject, DateTimeOffset start, DateTimeOffset end,
        CancellationToken ct)
    {
        var (before, _) = await AlignmentReader.AsOfAsync(session, subject, start, ct);
        var (after, _) = await AlignmentReader.AsOfAsync(session, subject, end, ct);
        var differing = ScoreCell.Ordered(before.Scores.Keys.Concat(after.Scores.Keys).Select(ScoreCell.Parse))
            .Select(cell => (Cell: cell, Before: before.Cell(cell), After: after.Cell(cell)))
            .Where(x => x.Before != x.After)
            .ToList();
        var tallies = differing.ToDictionary(x => x.Cell, _ => new CauseTally());
        if (tallies.Count > 0)
        {
            var between = session.Query<AlignmentChange>()
                .Where(c => c.Subject == subject && c.Timestamp > start && c.Timestamp <= end)
                .OrderBy(c => c.Sequence).ToAsyncEnumerable(ct);
            await foreach (var change in between)
                foreach (var ((cell, claimId), delta) in MovesOf(change, tallies))
                    if (delta != 0)
                        tallies[cell].Add(new DiffCause(claimId, change.Sequence, change.Timestamp, change.EventType, change.Actor, change.Reason, delta));
        }
        var changes = differing.Select(x => tallies[x.Cell].Diff(x.Cell, x.Before, x.After)).ToList();
        return new AlignmentDiff(subject, start, end, changes);
    }

    /// <summary>What one change moved in each of the cells asked about, per claim: a claim's moves within a cell are one cause.</summary>
    private static Dictionary<(ScoreCell Cell, string ClaimId), decimal> MovesOf(AlignmentChange change, Dictionary<ScoreCell, CauseTally> cells)
    {
        var moves = new Dictionary<(ScoreCell, string), decimal>();
        foreach (var d in change.Deltas)
            foreach (var cell in ScoreCell.Moved(d.Power, d.Dimension))
                if (cells.ContainsKey(cell)) moves[(cell, d.ClaimId)] = moves.GetValueOrDefault((cell, d.ClaimId)) + d.Delta;
        return moves;
    }

    /// <summary>
    /// One cell's causes as they stream past: the <see cref="MaxCauses"/> heaviest (by weight, then ledger order, then claim;
    /// a cell's causes differ in sequence or claim, so that order is total), and how many others there were and their sum.
    /// </summary>
    private sealed class CauseTally
    {
        private static readonly Comparer<DiffCause> Heaviest = Comparer<DiffCause>.Create((a, b) =>
        {
            var c = Math.Abs(b.Delta).CompareTo(Math.Abs(a.Delta));
            if (c == 0) c = a.Sequence.CompareTo(b.Sequence);
            return c != 0 ? c : string.CompareOrdinal(a.ClaimId, b.ClaimId);
        });

        private readonly SortedSet<DiffCause> _listed = new(Heaviest);
        private int _others;
        private decimal _othersDelta;

        public void Add(DiffCause cause)
        {
            _listed.Add(cause);
            if (_listed.Count <= MaxCauses) return;
            var lightest = _listed.Max!;
            _listed.Remove(lightest);
            _others++;
            _othersDelta += lightest.Delta;
        }

        public CellDiff Diff(ScoreCell cell, decimal before, decimal after) => new(cell.Power, cell.DimensionName, before, after,
            _listed.OrderBy(c => c.Sequence).ThenBy(c => c.ClaimId, StringComparer.Ordinal).ToList(), new OtherCauses(_others, _othersDelta));
    }
}

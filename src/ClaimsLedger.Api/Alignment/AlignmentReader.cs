namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// Reads a subject's alignment at a position of the event log without folding it: the cells from the subject's document
/// (now) or from the nearest snapshot plus at most <see cref="AlignmentSnapshot.Interval"/> − 1 changes (as of a record
/// time), and the contributions from the spans covering that position, in weight order, a page or the top few at a time.
/// </summary>
public static class AlignmentReader
{
    /// <summary>The cells now, and the last event that changed them.</summary>
    public static async Task<(AlignmentCells Cells, long LastSequence)> CurrentAsync(IQuerySession session, string subject, CancellationToken ct)
    {
        var current = await session.LoadAsync<SubjectAlignment>(subject, ct);
        return (current?.Cells ?? new AlignmentCells(), current?.LastSequence ?? 0);
    }

    /// <summary>The cells as the ledger held them at a record time, and the last event by then that changed them (0: none).</summary>
    public static async Task<(AlignmentCells Cells, long LastSequence)> AsOfAsync(IQuerySession session, string subject, DateTimeOffset asOf,
        CancellationToken ct)
    {
        // Record time follows the ledger's order, so the last snapshot by then is the last by timestamp (a probe of the
        // (subject, timestamp, sequence) index, where the last by sequence walked back over every later snapshot).
        var snapshot = await session.Query<AlignmentSnapshot>()
            .Where(s => s.Subject == subject && s.Timestamp <= asOf)
            .OrderByDescending(s => s.Timestamp).ThenByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
        var cells = snapshot?.Cells.Copy() ?? new AlignmentCells();
        var last = snapshot?.Sequence ?? 0;
        // The next snapshot comes at most Interval changes after this one, and it was taken after asOf (or it would be this
        // one): so the changes to replay are among the next Interval, read in sequence order with no record-time filter a
        // scan would have to walk past. Only what moving the cells needs is read, not the contributions each change moved.
        // A ledger projected with a wider interval (or none) is read on, a batch at a time, until a change comes after asOf.
        while (true)
        {
            var floor = last;
            var next = await session.Query<AlignmentChange>()
                .Where(c => c.Subject == subject && c.Sequence > floor)
                .OrderBy(c => c.Sequence).Take(AlignmentSnapshot.Interval)
                .Select(c => new CellMoves(c.Sequence, c.Timestamp, c.Changes, c.PowerContributions, c.ClaimCount, c.ContributionCount))
                .ToListAsync(ct);
            foreach (var change in next)
            {
                if (change.Timestamp > asOf) return (cells, last);
                cells.Apply(change.Changes, change.PowerContributions, change.ClaimCount, change.ContributionCount);
                last = change.Sequence;
            }
            if (next.Count < AlignmentSnapshot.Interval) return (cells, last);
        }
    }

    /// <summary>What one change did to the cells: the part of an <see cref="AlignmentChange"/> an as-of read replays.</summary>
    public sealed record CellMoves(long Sequence, DateTimeOffset Timestamp, List<ScoreChange> Changes, Dictionary<string, int> PowerContributions,
        int ClaimCount, int ContributionCount);

    /// <summary>
    /// The contributions at a position (null: now), heaviest first, optionally only those valid during the query's window: the
    /// page's ids from the (subject, weight) index alone, which carries each span's sequences, then those spans.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimContribution>> PageAsync(IQuerySession session, AlignmentQuery query, long? at, int skip, int take,
        CancellationToken ct)
    {
        var ids = await Spans(session, query, at).OrderByDescending(s => s.Weight).ThenBy(s => s.Id).Select(s => s.Id)
            .Skip(skip).Take(take).ToListAsync(ct);
        // Span ids follow from the events, so a rebuild's swap between the two reads finds the same ones in the rebuilt table.
        return (await session.LoadInOrderAsync<ContributionSpan>(ids, s => s.Id, ct)).Select(s => s.ToContribution()).ToList();
    }

    /// <summary>How many contributions there are at a position, within the query's valid-time window.</summary>
    public static Task<int> CountAsync(IQuerySession session, AlignmentQuery query, long? at, CancellationToken ct) =>
        Spans(session, query, at).CountAsync(ct);

    /// <summary>
    /// Every contribution at a position within the window, each at its value by the publication cut-off: for scores filtered by
    /// valid or publication time, which no cell holds.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimContribution>> AllAsync(IQuerySession session, AlignmentQuery query, long? at, CancellationToken ct) =>
        query.Published((await Spans(session, query, at).ToListAsync(ct)).Select(s => s.ToContribution())).ToList();

    /// <summary>
    /// The <paramref name="count"/> heaviest contributions at a position, through the (subject, weight) index, with every
    /// contribution as heavy as the last of them: the caller orders ties (<see cref="ClaimContribution.ByWeight"/>) itself.
    /// </summary>
    public static async Task<IReadOnlyList<ClaimContribution>> HeaviestAsync(IQuerySession session, string subject, long? at, int count,
        CancellationToken ct)
    {
        var spans = Covering(session.Query<ContributionSpan>().Where(s => s.Subject == subject), at);
        var weights = await spans.OrderByDescending(s => s.Weight).Take(count).Select(s => s.Weight).ToListAsync(ct);
        if (weights.Count == 0) return [];
        var lightest = weights[^1];
        return (await spans.Where(s => s.Weight >= lightest).ToListAsync(ct)).Select(s => s.ToContribution()).ToList();
    }

    /// <summary>Every contribution of these claims at a position: a report lists each claim it names with all it contributes.</summary>
    public static async Task<IReadOnlyList<ClaimContribution>> OfClaimsAsync(IQuerySession session, string subject, IReadOnlyCollection<string> claimIds,
        long? at, CancellationToken ct)
    {
        var ids = claimIds.ToArray();
        var spans = Covering(session.Query<ContributionSpan>().Where(s => s.Subject == subject && ids.Contains(s.ClaimId)), at);
        return (await spans.ToListAsync(ct)).Select(s => s.ToContribution()).ToList();
    }

    private static IQueryable<ContributionSpan> Spans(IQuerySession session, AlignmentQuery query, long? at)
    {
        var spans = Covering(session.Query<ContributionSpan>().Where(s => s.Subject == query.Subject), at);
        if (!query.FiltersValidTime) return spans;
        var (from, to) = (query.ValidWindowStart, query.ValidWindowEnd);
        // A contribution without a valid time cannot be shown to overlap the window (ClaimContribution.ValidDuring).
        return spans.Where(s => s.ValidStart != null && s.ValidEnd != null && s.ValidStart < to && s.ValidEnd > from);
    }

    private static IQueryable<ContributionSpan> Covering(IQueryable<ContributionSpan> spans, long? at) => at is { } position
        ? spans.Where(s => s.FromSequence <= position && (s.UntilSequence == null || s.UntilSequence > position))
        : spans.Where(s => s.UntilSequence == null);
}

using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>One event that changed the subject's scores.</summary>
/// <param name="Sequence">The event's ledger position.</param>
/// <param name="Timestamp">
/// When the ledger recorded the change (UTC, ISO 8601): the event's timestamp, or, when an event before it in the ledger was
/// stamped later (commands committing side by side), that later time, so the entries up to an instant are exactly what an
/// as-of read at that instant reflects.
/// </param>
/// <param name="EventType">The event's stored type (<c>claim_extracted</c>, <c>source_retracted</c>, …).</param>
/// <param name="ClaimId">The claim the event was on; null for a source's event.</param>
/// <param name="SourceId">The source the event was on; null for a claim's event.</param>
/// <param name="Actor">Who caused the event.</param>
/// <param name="Reason">Why, for events that carry a reason; null otherwise.</param>
/// <param name="CorrelationId">The X-Correlation-Id of the request that appended the event (or its trace id).</param>
/// <param name="Changes">Every score the event moved, before and after.</param>
public sealed record HistoryEntry(long Sequence, DateTimeOffset Timestamp, string EventType, string? ClaimId, string? SourceId,
    string? Actor, string? Reason, string? CorrelationId, IReadOnlyList<ScoreChange> Changes);

public static class GetAlignmentHistoryEndpoint
{
    /// <summary>
    /// Every change of a subject's scores, oldest first, each with the event, actor and reason behind it; with publishedBy, the
    /// changes of the scores that count only evidence published by then.
    /// </summary>
    [WolverineGet("/api/alignments/{subject}/history", OperationId = "GetAlignmentHistory")]
    [Tags("Alignment")]
    [ProducesResponseType<Paged<HistoryEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string subject, string? from, string? to, string? publishedBy, int? page, int? pageSize,
        IQuerySession session, WholeSubjectReadGate wholeSubject, SettledInstant settled, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        DateTimeOffset start = DateTimeOffset.MinValue, end = DateTimeOffset.MaxValue;
        if (from is not null && !Instant.TryParse(from, out start)) errors.Add("from", Instant.Rule);
        if (to is not null && !Instant.TryParse(to, out end)) errors.Add("to", Instant.Rule);
        if (!errors.Any && end < start) errors.Add("to", "must not be before from.");
        var query = AlignmentQuery.Read(subject, null, null, null, errors, publishedBy);
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        // A window ending at an instant is that instant's history: final once nothing more can be recorded by it.
        if (to is not null && await settled.WaitAsync(end, "to", session, http, ct) is { } unsettled) return unsettled;
        // Replaying the whole history, it takes turns with the other reads of a whole subject (WholeSubjectReadGate).
        if (query.FiltersPublication) return Results.Ok(await wholeSubject.RunAsync(() => PublishedByAsync(session, query, start, end, p, size, ct), ct));

        var window = (From: from is null ? (DateTimeOffset?)null : start, To: to is null ? (DateTimeOffset?)null : end);
        if (await NumberedPageAsync(session, subject, window, p, size, ct) is { } numbered) return Results.Ok(numbered);

        var entries = session.Query<AlignmentChange>().Where(c => c.Subject == subject && c.MovesScores);
        if (from is not null) entries = entries.Where(c => c.Timestamp >= start);
        if (to is not null) entries = entries.Where(c => c.Timestamp <= end);
        var (changes, total) = await session.PageAsync(entries, q => q.OrderBy(c => c.Sequence), c => c.Id, p, size, ct);
        return Results.Ok(new Paged<HistoryEntry>(changes.Select(c => Entry(c, c.Changes)).ToList(), p, size, total));
    }

    /// <summary>
    /// The history as the scores by a publication cut-off saw it. No cell is kept per cut-off, so the subject's changes are
    /// replayed from its first, each contribution's move taken at its value by the cut-off (the slower path: it costs the
    /// subject's whole history, not the page). The changes are read as a stream and only the page's entries are kept: the hot
    /// subject's 46,000 changes at 200k events held at once took 3.4 s a read, and eight at once took the API to 1.1 GB.
    /// </summary>
    private static async Task<Paged<HistoryEntry>> PublishedByAsync(IQuerySession session, AlignmentQuery query, DateTimeOffset start,
        DateTimeOffset end, int page, int size, CancellationToken ct)
    {
        var changes = session.Query<AlignmentChange>()
            .Where(c => c.Subject == query.Subject && c.Timestamp <= end)
            .OrderBy(c => c.Sequence).ToAsyncEnumerable(ct);
        var scores = new Dictionary<ScoreCell, decimal>();
        var entries = new List<HistoryEntry>();
        long skip = (page - 1) * (long)size, total = 0;
        await foreach (var change in changes)
        {
            var moved = new Dictionary<ScoreCell, decimal>();
            foreach (var d in change.Deltas)
            {
                var delta = query.DeltaOf(d);
                if (delta == 0) continue;
                foreach (var cell in ScoreCell.Moved(d.Power, d.Dimension)) moved[cell] = moved.GetValueOrDefault(cell) + delta;
            }
            var cells = ScoreCell.Ordered(moved.Where(m => m.Value != 0).Select(m => m.Key)).Select(cell =>
            {
                var before = scores.GetValueOrDefault(cell);
                scores[cell] = before + moved[cell];
                return new ScoreChange(cell.Power, cell.DimensionName, before, before + moved[cell]);
            }).ToList();
            if (cells.Count == 0 || change.Timestamp < start) continue;
            if (total >= skip && total < skip + size) entries.Add(Entry(change, cells));
            total++;
        }
        return new Paged<HistoryEntry>(entries, page, size, total);
    }

    /// <summary>
    /// A page of the history, whole or within a record-time window, read by its entries' numbers
    /// (<see cref="AlignmentChange.Entry"/>): a few index probes for the numbers of the history's (or the window's) first and
    /// last entries, then the page's rows, however deep the page and however long the history or the window (an offset
    /// walks every entry before the page, a count every entry). Null when the subject's first changes were projected before
    /// entries were numbered: those pages are counted and walked until Alignment is rebuilt.
    /// </summary>
    /// <remarks>
    /// Record time never goes back along the ledger (<see cref="AlignmentClock"/>), so a window's entries are a run of
    /// numbers. Its ends are found near a snapshot (<see cref="AlignmentSnapshot"/>, every <see cref="AlignmentSnapshot.Interval"/>
    /// changes, stamped with its change's record time): every change up to the last snapshot recorded before the window
    /// starts is outside it, as is every change from the first snapshot recorded after it ends, so each end is at most
    /// that many changes along the history index from a snapshot.
    /// </remarks>
    private static async Task<Paged<HistoryEntry>?> NumberedPageAsync(IQuerySession session, string subject,
        (DateTimeOffset? From, DateTimeOffset? To) window, int page, int size, CancellationToken ct)
    {
        var changes = DocumentTable.Of<AlignmentChange>(session.DocumentStore);
        var snapshots = DocumentTable.Of<AlignmentSnapshot>(session.DocumentStore);
        // Npgsql writes a timestamptz parameter only from UTC.
        var (from, to) = (window.From?.ToUniversalTime() ?? DateTimeOffset.MinValue, window.To?.ToUniversalTime() ?? DateTimeOffset.MaxValue);
        var bounds = (await session.AdvancedSql.QueryAsync<NumberedBounds>($"""
            select jsonb_build_object(
                'first', (select c.entry from {changes} as c where c.subject = ? and c.moves_scores order by c.sequence limit 1),
                'last', (select max(c.entry) from {changes} as c where c.subject = ? and c.entry is not null),
                'windowFirst', case when ? then (select c.entry from {changes} as c
                    where c.subject = ? and c.moves_scores and c.timestamp >= ? and c.sequence > coalesce((select s.sequence from {snapshots} as s
                        where s.subject = ? and s.timestamp < ? order by s.timestamp desc, s.sequence desc limit 1), -1)
                    order by c.sequence limit 1) end,
                'windowLast', case when ? then (select c.entry from {changes} as c
                    where c.subject = ? and c.moves_scores and c.timestamp <= ? and c.sequence < coalesce((select s.sequence from {snapshots} as s
                        where s.subject = ? and s.timestamp > ? order by s.timestamp, s.sequence limit 1), 9223372036854775807)
                    order by c.sequence desc limit 1) end)
            """, ct, subject, subject,
            window.From is not null, subject, from, subject, from,
            window.To is not null, subject, to, subject, to)).Single();
        if (bounds is not { First: 1, Last: { } last }) return null;

        // Entries numbered after the bounds were read are left for the next read, so the page agrees with its total. A window
        // with no entry at one end holds none (nothing recorded by its end, or nothing since its start).
        var (first, final) = (window.From is null ? 1 : bounds.WindowFirst ?? last + 1, window.To is null ? last : Math.Min(bounds.WindowLast ?? 0, last));
        var total = Math.Max(0, final - first + 1);
        long skip = (page - 1) * (long)size, lowest = first + skip, highest = Math.Min(lowest + size - 1, final);
        // Only what an entry shows leaves PostgreSQL, not the change's document: its contributions' moves (hundreds for a
        // regrade) and counts are for as-of reads and diffs.
        var entries = lowest > highest
            ? []
            : await session.Query<AlignmentChange>().Where(c => c.Subject == subject && c.Entry >= lowest && c.Entry <= highest)
                .OrderBy(c => c.Entry)
                .Select(c => new HistoryEntry(c.Sequence, c.Timestamp, c.EventType, c.ClaimId, c.SourceId, c.Actor, c.Reason, c.CorrelationId, c.Changes))
                .ToListAsync(ct);
        return new Paged<HistoryEntry>(entries.ToList(), page, size, total);
    }

    private sealed record NumberedBounds(long? First, long? Last, long? WindowFirst, long? WindowLast);

    private static HistoryEntry Entry(AlignmentChange c, IReadOnlyList<ScoreChange> changes) =>
        new(c.Sequence, c.Timestamp, c.EventType, c.ClaimId, c.SourceId, c.Actor, c.Reason, c.CorrelationId, changes);
}

using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Reports;

/// <summary>The data behind the two charts: scores over record time, and totals over valid time.</summary>
public static class ReportSeries
{
    /// <summary>The most valid-time years a chart shows (the latest ones): a claim valid "1900/2024" should not flatten the rest.</summary>
    public const int MaxYears = 60;

    /// <summary>
    /// The most points a power's record-time line has: a subject's history grows with the ledger, and a chart of it need not.
    /// Longer lines keep points evenly spread over them, always the first and the last (the score the report shows).
    /// </summary>
    public const int MaxPoints = 100;

    /// <summary>
    /// Each power's overall score over record time up to asOf, ending at the score the report shows, in at most
    /// <see cref="MaxPoints"/> points, for a report without a valid-time window or publication cut-off (a window has no cells
    /// of its own, nor has a cut-off: their line is summed from the spans, <see cref="FromSpansAsync"/>). It reads only what
    /// the line draws, not the subject's whole history: each spread snapshot's overall score per power it lists (one
    /// statement), then the overall cells moved by the changes after the last snapshot. Read as documents, the hot subject's
    /// 100 snapshots (every cell of every power) and the tail's changes (every contribution they moved) were most of a
    /// report's API time. Snapshots are spread as <see cref="Spread{T}"/> spreads them: position k of <see cref="MaxPoints"/>
    /// is number k·(n−1)/(MaxPoints−1) of the n by then, the last always among them.
    /// Times come from the documents' JSON, as when they were read whole. Each snapshot's JSON is taken apart once
    /// (<c>offset 0</c>): a compressed document is decompressed again for every expression that reads it.
    /// </summary>
    public static async Task<IReadOnlyList<RecordTimeSeries>> FromSnapshotsAsync(IQuerySession session, string subject, DateTimeOffset asOf,
        CancellationToken ct)
    {
        var snapshots = DocumentTable.Of<AlignmentSnapshot>(session.DocumentStore);
        // A snapshot listing no power still gives a row (its power null): the last one read is where the changes take over.
        var sampled = await PreparedRead.RowsAsync(session, $"""
            with taken as (
                select array_agg(s.sequence order by s.sequence) as sequences
                from {snapshots} as s where s.subject = $1 and s.timestamp <= $2)
            select x.sequence, x.at, p.power, coalesce((x.cells -> 'scores' ->> (p.power || '|{ScoreCell.OverallName}'))::numeric, 0)
            from (select sn.sequence, sn.data ->> 'timestamp' as at, sn.data -> 'cells' as cells
                  from {snapshots} as sn
                  where sn.subject = $1 and sn.sequence = any(array(
                      select t.sequences[case when cardinality(t.sequences) <= {MaxPoints} then 1 + g
                                              else 1 + (g * (cardinality(t.sequences) - 1)) / {MaxPoints - 1} end]
                      from taken as t, generate_series(0::bigint, least(cardinality(t.sequences), {MaxPoints}) - 1) as g
                      where t.sequences is not null))
                  offset 0) as x
                left join lateral jsonb_object_keys(x.cells -> 'powerContributions') as p(power) on true
            order by x.sequence
            """, r => (Sequence: r.GetInt64(0), At: DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
                Power: r.IsDBNull(2) ? null : r.GetString(2), Overall: r.GetDecimal(3)), ct, subject, asOf);
        var floor = sampled.Count > 0 ? sampled[^1].Sequence : 0;
        var tail = await session.Query<AlignmentChange>().Where(c => c.Subject == subject && c.Sequence > floor && c.Timestamp <= asOf)
            .OrderBy(c => c.Sequence).Select(c => new OverallMoves(c.Sequence, c.Timestamp, c.Changes)).ToListAsync(ct);
        var series = new Series();
        foreach (var point in sampled.Where(p => p.Power is not null)) series.Add(point.Power!, point.Sequence, point.At, point.Overall);
        foreach (var change in tail)
            foreach (var moved in change.Changes.Where(c => c.Dimension == ScoreCell.OverallName))
                series.Add(moved.Power, change.Sequence, change.Timestamp, moved.After);
        return series.ToList();
    }

    /// <summary>What a change after the last snapshot gives the line: the cells it moved, not the contributions.</summary>
    private sealed record OverallMoves(long Sequence, DateTimeOffset Timestamp, List<ScoreChange> Changes);

    /// <summary>
    /// The record-time line (as <see cref="FromSnapshotsAsync"/> draws it) for a window or cut-off, from the spans opened by the
    /// position (<see cref="AlignmentReader.OpenedByAsync"/>, each valued at the cut-off): every contribution is a span
    /// opened by one change and closed by a later one (or still open), so what a change moved in a power's windowed score is
    /// what its spans in the window, valued at the cut-off, brought in less what they took out. Each contribution a change
    /// replaced is one group (its claim, power and dimension from the span's id, and its valid time, which a recoding moves),
    /// and a group that nets to nothing moved nothing, as the change's own delta of it would have. Only the times of the points
    /// drawn are read. The line runs to the position the report's scores are read at, so it ends at them. It replayed every
    /// change of the subject, read as whole documents: for the hot subject at 200k events, 46,500 changes and 58 MB of JSON,
    /// most of the 1.4 s of API and 0.6 s of PostgreSQL CPU a report with a window took (0.1 s and 0.04 s now).
    /// </summary>
    public static async Task<IReadOnlyList<RecordTimeSeries>> FromSpansAsync(IQuerySession session, string subject,
        IReadOnlyList<AlignmentReader.OpenedSpan> spans, long at, CancellationToken ct)
    {
        // What each change did to each contribution it replaced, as the window and cut-off see it: the span it opened, less the
        // one it closed.
        var replaced = new Dictionary<(long Sequence, string ClaimId, string Power, Dimension Dimension, DateTimeOffset? ValidStart, DateTimeOffset? ValidEnd), decimal>();
        foreach (var (c, until) in spans)
        {
            void Move(long sequence, decimal by)
            {
                var key = (sequence, c.ClaimId, c.Power, c.Dimension, c.ValidStart, c.ValidEnd);
                replaced[key] = replaced.GetValueOrDefault(key) + by;
            }
            Move(c.Since, c.Contribution);
            if (until is { } closed && closed <= at) Move(closed, -c.Contribution);
        }
        var moves = replaced.Where(r => r.Value != 0).GroupBy(r => (r.Key.Sequence, r.Key.Power), r => r.Value)
            .OrderBy(g => g.Key.Sequence).ThenBy(g => g.Key.Power, StringComparer.Ordinal);

        // The line is drawn by sequence; a change's time follows from it, so only the points drawn are timed afterwards.
        var overall = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var series = new Series();
        foreach (var move in moves)
        {
            var (sequence, power) = move.Key;
            overall[power] = overall.GetValueOrDefault(power) + move.Sum();
            series.Add(power, sequence, default, overall[power]);
        }
        var lines = series.ToList();
        if (lines.Count == 0) return lines;
        var drawn = lines.SelectMany(l => l.Points.Select(p => p.Sequence)).Distinct().ToArray();
        var times = (await PreparedRead.RowsAsync(session, $"""
            select c.sequence, c.data ->> 'timestamp' from {DocumentTable.Of<AlignmentChange>(session.DocumentStore)} as c
            where c.subject = $1 and c.sequence = any($2)
            """, r => (Sequence: r.GetInt64(0), At: DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture)), ct, subject, drawn))
            .ToDictionary(t => t.Sequence, t => t.At.ToUniversalTime());
        return lines.Select(l => l with
        {
            Points = l.Points.Select(p => p with
            {
                Timestamp = times.TryGetValue(p.Sequence, out var time) ? time
                    : throw new InvalidOperationException($"Subject '{subject}' has a span moved at {p.Sequence} but no change recorded there."),
            }).ToList(),
        }).ToList();
    }

    /// <summary>
    /// Points per power, one per change of its (rounded) overall score, and one at the last position read, so the line reaches
    /// it even when the samples since its last change (snapshots ten changes apart) all showed the same score.
    /// </summary>
    private sealed class Series
    {
        private readonly SortedDictionary<string, List<RecordTimePoint>> _points = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RecordTimePoint> _latest = new(StringComparer.Ordinal);

        public void Add(string power, long sequence, DateTimeOffset at, decimal overall)
        {
            if (!_points.TryGetValue(power, out var points)) _points[power] = points = [];
            var point = new RecordTimePoint(sequence, at.ToUniversalTime(), AlignmentReportBuilder.Fixed(overall));
            if (points.Count == 0 || points[^1].Overall != point.Overall) points.Add(point);
            _latest[power] = point;
        }

        public IReadOnlyList<RecordTimeSeries> ToList() => _points.Select(p =>
        {
            var latest = _latest[p.Key];
            var points = p.Value[^1] == latest ? p.Value : [.. p.Value, latest];
            return new RecordTimeSeries(p.Key, Spread(points, MaxPoints));
        }).ToList();
    }

    /// <summary>
    /// At most <paramref name="max"/> of the items, evenly spread by position, the first and the last always among them; all of
    /// them when there are no more than that.
    /// </summary>
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int max)
    {
        if (items.Count <= max) return items;
        if (max < 2) return max == 1 ? [items[^1]] : [];
        // Position k of max falls at k·(n−1)/(max−1): distinct because n > max, 0 first and n−1 last.
        return Enumerable.Range(0, max).Select(k => items[(int)((long)k * (items.Count - 1) / (max - 1))]).ToList();
    }

    /// <summary>Per power and year: the sum of contributions whose valid time overlaps that year (a range counts in each of its years).</summary>
    public static IReadOnlyList<ValidTimeSeries> ValidTime(IReadOnlyCollection<ClaimContribution> contributions, AlignmentQuery query) =>
        Chart(contributions.Where(c => c.ValidStart is not null && c.ValidEnd is not null)
            .Select(c => new RangeTotal(c.Power, c.ValidStart!.Value.UtcDateTime.Year, c.ValidEnd!.Value.UtcDateTime.AddTicks(-1).Year, c.Contribution))
            .ToList(), query);

    /// <summary>
    /// The same chart as <see cref="ValidTime"/> for a query without a window or cut-off, from the totals the Alignment
    /// projection keeps per power and range of years every <see cref="ValidTimeTotals.Interval"/>th change: the last at or
    /// before the position, plus what the at most Interval − 1 changes since moved. It summed every span in force (~50,000
    /// for the hot subject at 200k events, 25–50 ms of PostgreSQL, two thirds of a report's); it still does for a position
    /// before the subject's first totals (a ledger projected before they were kept).
    /// </summary>
    public static async Task<IReadOnlyList<ValidTimeSeries>> ValidTimeAsync(IQuerySession session, AlignmentQuery query, long at, CancellationToken ct)
    {
        var kept = await session.Query<ValidTimeTotals>().Where(t => t.Subject == query.Subject && t.Sequence <= at)
            .OrderByDescending(t => t.Sequence).FirstOrDefaultAsync(ct);
        if (kept is null) kept = await ValidTimeTotals.FromSpansAsync(session, query.Subject, at, ct);
        else if (kept.Sequence < at) await kept.FoldChangesAsync(session, at, ct);
        return Chart(kept.Ranges.Select(r =>
        {
            var (power, first, last) = ValidTimeTotals.Parse(r.Key);
            return new RangeTotal(power, first, last, r.Value.Total);
        }).ToList(), query);
    }


    /// <summary>
    /// The chart from contributions summed per power and valid-time range: a range counts in each year from its first to its
    /// last (overlapping [1 January, next 1 January)), over the years the contributions span, cut by the query's window and to
    /// the latest <see cref="MaxYears"/>; every power with a dated contribution gets a point each year.
    /// </summary>
    private static IReadOnlyList<ValidTimeSeries> Chart(IReadOnlyList<RangeTotal> ranges, AlignmentQuery query)
    {
        if (ranges.Count == 0) return [];
        var first = ranges.Min(r => r.First);
        var last = ranges.Max(r => r.Last);
        if (query.ValidFrom is { } from) first = Math.Max(first, from.Start.UtcDateTime.Year);
        if (query.ValidTo is { } to) last = Math.Min(last, to.End.UtcDateTime.AddTicks(-1).Year);
        first = Math.Max(first, last - MaxYears + 1);
        var years = Enumerable.Range(first, Math.Max(0, last - first + 1)).ToList();
        return ranges.GroupBy(r => r.Power).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ValidTimeSeries(g.Key, years.Select(y => new ValidTimePoint(y,
                AlignmentReportBuilder.Fixed(g.Where(r => r.First <= y && y <= r.Last).Sum(r => r.Total)))).ToList()))
            .ToList();
    }

    private sealed record RangeTotal(string Power, int First, int Last, decimal Total);
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Postgres;

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
    /// <see cref="MaxPoints"/> points. Without a valid-time window the points are read from at most that many snapshots
    /// (one per <see cref="AlignmentSnapshot.Interval"/> changes, evenly spread over them) and the changes after the last one,
    /// so the chart costs what it draws, not the subject's whole history. A window has no cells of its own, nor has a
    /// publication cut-off: then the subject's contribution deltas are replayed, each as the window and the cut-off see it
    /// (that costs the history; the line it draws is bounded the same way).
    /// </summary>
    public static Task<IReadOnlyList<RecordTimeSeries>> RecordTimeAsync(IQuerySession session, AlignmentQuery query,
        DateTimeOffset asOf, CancellationToken ct) =>
        query.SumsContributions ? ReplayAsync(session, query, asOf, ct) : FromSnapshotsAsync(session, query.Subject, asOf, ct);

    private static async Task<IReadOnlyList<RecordTimeSeries>> FromSnapshotsAsync(IQuerySession session, string subject, DateTimeOffset asOf,
        CancellationToken ct)
    {
        var sequences = await session.Query<AlignmentSnapshot>().Where(s => s.Subject == subject && s.Timestamp <= asOf)
            .OrderBy(s => s.Sequence).Select(s => s.Sequence).ToListAsync(ct);
        var ids = Spread(sequences, MaxPoints).Select(sequence => AlignmentChange.IdFor(subject, sequence));
        var snapshots = (await session.LoadManyAsync<AlignmentSnapshot>(ct, ids)).OrderBy(s => s.Sequence).ToList();
        var floor = sequences.Count > 0 ? sequences[^1] : 0;
        var tail = await session.Query<AlignmentChange>().Where(c => c.Subject == subject && c.Sequence > floor && c.Timestamp <= asOf)
            .OrderBy(c => c.Sequence).ToListAsync(ct);
        var series = new Series();
        foreach (var snapshot in snapshots)
            foreach (var power in snapshot.Cells.PowerContributions.Keys.Order(StringComparer.Ordinal))
                series.Add(power, snapshot.Sequence, snapshot.Timestamp, snapshot.Cells.Cell(ScoreCell.Overall(power)));
        foreach (var change in tail)
            foreach (var moved in change.Changes.Where(c => c.Dimension == ScoreCell.OverallName))
                series.Add(moved.Power, change.Sequence, change.Timestamp, moved.After);
        return series.ToList();
    }

    private static async Task<IReadOnlyList<RecordTimeSeries>> ReplayAsync(IQuerySession session, AlignmentQuery query, DateTimeOffset asOf,
        CancellationToken ct)
    {
        var changes = await session.Query<AlignmentChange>()
            .Where(c => c.Subject == query.Subject && c.Timestamp <= asOf)
            .OrderBy(c => c.Sequence).ToListAsync(ct);
        var overall = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var series = new Series();
        foreach (var change in changes)
        {
            var moved = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var delta in change.Deltas)
            {
                var by = query.DeltaOf(delta);
                if (by == 0) continue;
                overall[delta.Power] = overall.GetValueOrDefault(delta.Power) + by;
                moved.Add(delta.Power);
            }
            foreach (var power in moved) series.Add(power, change.Sequence, change.Timestamp, overall[power]);
        }
        return series.ToList();
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
    /// The same chart as <see cref="ValidTime"/> for a query without a window or cut-off, from the spans covering the position
    /// summed by PostgreSQL per power and valid-time range (a handful of rows), not every contribution of the subject.
    /// </summary>
    public static async Task<IReadOnlyList<ValidTimeSeries>> ValidTimeAsync(IQuerySession session, AlignmentQuery query, long at, CancellationToken ct)
    {
        var spans = DocumentTable.Of<ContributionSpan>(session.DocumentStore);
        // A contribution counts in each year its valid time overlaps (ClaimContribution.ValidDuring): from the year it starts to
        // the year of its last instant. Each range's sum is rounded to 10 places so an exact numeric sum always fits a decimal.
        // Only the columns, never the JSON: they are all in one index (ContributionSpan.ConfigureMarten), so this reads no heap
        // page the visibility map marks all-visible. Spans written before the columns existed have none: rebuild Alignment.
        var ranges = await session.AdvancedSql.QueryAsync<RangeTotal>($"""
            select jsonb_build_object('power', power, 'first', first, 'last', last, 'total', round(sum(contribution), 10))
            from (select s.power, extract(year from s.valid_start at time zone 'UTC')::int as first,
                         extract(year from (s.valid_end - interval '1 microsecond') at time zone 'UTC')::int as last, s.contribution
                  from {spans} as s
                  where s.subject = ? and s.from_sequence <= ? and (s.until_sequence is null or s.until_sequence > ?)
                    and s.valid_start is not null and s.valid_end is not null) as dated
            group by power, first, last
            """, ct, query.Subject, at, at);
        return Chart(ranges, query);
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

using ClaimsLedger.Api.Alignment;

namespace ClaimsLedger.Api.Reports;

/// <summary>The data behind the two charts: scores over record time, and totals over valid time.</summary>
public static class ReportSeries
{
    /// <summary>The most valid-time years a chart shows (the latest ones): a claim valid "1900/2024" should not flatten the rest.</summary>
    public const int MaxYears = 60;

    /// <summary>
    /// Replays the subject's recorded changes up to asOf, keeping only the contributions the valid-time filter
    /// keeps, so the last point of each power equals its overall score in the report. The contribution deltas are
    /// replayed rather than the changes' overall before/after, which do not know about the filter.
    /// </summary>
    public static async Task<IReadOnlyList<RecordTimeSeries>> RecordTimeAsync(IQuerySession session, AlignmentQuery query,
        DateTimeOffset asOf, CancellationToken ct)
    {
        var changes = await session.Query<AlignmentChange>()
            .Where(c => c.Subject == query.Subject && c.Timestamp <= asOf)
            .OrderBy(c => c.Sequence).ToListAsync(ct);
        var overall = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var points = new Dictionary<string, List<RecordTimePoint>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var moved = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var delta in change.Deltas.Where(d => Keeps(query, d)))
            {
                overall[delta.Power] = overall.GetValueOrDefault(delta.Power) + delta.Delta;
                moved.Add(delta.Power);
            }
            foreach (var power in moved)
            {
                if (!points.TryGetValue(power, out var series)) points[power] = series = [];
                var value = AlignmentReportBuilder.Fixed(overall[power]);
                if (series.Count == 0 || series[^1].Overall != value)
                    series.Add(new RecordTimePoint(change.Sequence, change.Timestamp.ToUniversalTime(), value));
            }
        }
        return points.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new RecordTimeSeries(p.Key, p.Value)).ToList();
    }

    /// <summary>Per power and year: the sum of contributions whose valid time overlaps that year (a range counts in each of its years).</summary>
    public static IReadOnlyList<ValidTimeSeries> ValidTime(IReadOnlyCollection<ClaimContribution> contributions, AlignmentQuery query)
    {
        var dated = contributions.Where(c => c.ValidStart is not null && c.ValidEnd is not null).ToList();
        if (dated.Count == 0) return [];
        var first = dated.Min(c => c.ValidStart!.Value.UtcDateTime.Year);
        var last = dated.Max(c => c.ValidEnd!.Value.UtcDateTime.AddTicks(-1).Year);
        if (query.ValidFrom is { } from) first = Math.Max(first, from.Start.UtcDateTime.Year);
        if (query.ValidTo is { } to) last = Math.Min(last, to.End.UtcDateTime.AddTicks(-1).Year);
        first = Math.Max(first, last - MaxYears + 1);
        var years = Enumerable.Range(first, Math.Max(0, last - first + 1)).ToList();
        return dated.GroupBy(c => c.Power).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ValidTimeSeries(g.Key, years.Select(y => new ValidTimePoint(y, AlignmentReportBuilder.Fixed(
                g.Where(c => c.ValidDuring(YearStart(y), YearStart(y + 1))).Sum(c => c.Contribution)))).ToList()))
            .ToList();
    }

    private static DateTimeOffset YearStart(int year) => new(year, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static bool Keeps(AlignmentQuery query, ContributionChange d) =>
        query.Filter([new ClaimContribution(d.ClaimId, d.Power, d.Dimension, d.After, d.ValidStart, d.ValidEnd)]).Any();
}

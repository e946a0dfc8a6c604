using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A subject's contributions in force summed per power and range of valid-time years (from the year a contribution's valid
/// time starts to the year of its last instant), as they stood after every <see cref="Interval"/>th change of the subject:
/// what the report's valid-time chart draws (<c>Reports/ReportSeries.cs</c>), so a report reads one of these and the deltas
/// of at most Interval − 1 changes instead of every span in force (the hot subject's ~50,000 at 200k events). Written only
/// by the Alignment projection (<see cref="AlignmentProjectionBatch.CopyValidTimeAsync"/>), with the id of the change it
/// follows.
/// </summary>
public sealed class ValidTimeTotals
{
    /// <summary>Every 100th change: ~4.5 KB stored for the busiest subject (336 ranges), ~1 % of the changes' size.</summary>
    public const int Interval = 100;

    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";

    /// <summary>The change these totals follow.</summary>
    public long Sequence { get; set; }

    /// <summary>By <see cref="KeyOf"/>: how many contributions in force fall in the range, and their sum.</summary>
    public Dictionary<string, ValidTimeRange> Ranges { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Folds one change's deltas in (the copy's own batch's changes; a report's changes since its copy are folded the same way
    /// in SQL). A contribution enters with a value and leaves with none (a contribution in force is never
    /// 0: <see cref="AlignmentProjection.ContributionsOf"/>), so the count follows which side of each delta has a value; a
    /// range whose last contribution left is removed, as the chart would not see it. Contributions without a valid time are in
    /// no range.
    /// </summary>
    public void Apply(IEnumerable<ContributionChange> deltas, long sequence)
    {
        foreach (var delta in deltas)
        {
            if (delta.ValidStart is not { } start || delta.ValidEnd is not { } end) continue;
            var key = KeyOf(delta.Power, start.UtcDateTime.Year, end.UtcDateTime.AddTicks(-1).Year);
            var was = Ranges.GetValueOrDefault(key) ?? new ValidTimeRange(0, 0);
            var now = was.Moved((delta.After != 0 ? 1 : 0) - (delta.Before != 0 ? 1 : 0), delta.After - delta.Before);
            if (now.Count == 0) Ranges.Remove(key);
            else Ranges[key] = now;
        }
        Sequence = sequence;
    }

    /// <summary>
    /// Folds in what the subject's changes after <see cref="Sequence"/> up to <paramref name="upTo"/> moved (null: all of
    /// them), summed per range by PostgreSQL from their deltas as <see cref="Apply"/> folds them: at most
    /// <see cref="Interval"/> − 1 changes for a report, the changes since the last copy for the projection's next one.
    /// </summary>
    public async Task FoldChangesAsync(IQuerySession session, long? upTo, CancellationToken ct)
    {
        var moved = await session.AdvancedSql.QueryAsync<MovedRange>($"""
            select jsonb_build_object('power', power, 'first', first, 'last', last, 'count', sum(entered - leaving), 'total', sum(moved))
            from (select {DeltaStorage.TextSql("d", "power")} as power,
                         extract(year from {DeltaStorage.TextSql("d", "validStart")}::timestamptz at time zone 'UTC')::int as first,
                         extract(year from ({DeltaStorage.TextSql("d", "validEnd")}::timestamptz - interval '1 microsecond') at time zone 'UTC')::int as last,
                         case when {DeltaStorage.TextSql("d", "after")}::numeric <> 0 then 1 else 0 end as entered,
                         case when {DeltaStorage.TextSql("d", "before")}::numeric <> 0 then 1 else 0 end as leaving,
                         {DeltaStorage.TextSql("d", "after")}::numeric - {DeltaStorage.TextSql("d", "before")}::numeric as moved
                  from {DocumentTable.Of<AlignmentChange>(session.DocumentStore)} as c
                      cross join lateral jsonb_array_elements(c.data -> 'deltas') as d
                  where c.subject = ? and c.sequence > ? and c.sequence <= ?
                      and jsonb_typeof({DeltaStorage.ValueSql("d", "validStart")}) = 'string'
                      and jsonb_typeof({DeltaStorage.ValueSql("d", "validEnd")}) = 'string') as deltas
            group by power, first, last
            """, ct, Subject, Sequence, upTo ?? long.MaxValue);
        foreach (var m in moved)
        {
            var key = KeyOf(m.Power, m.First, m.Last);
            var range = (Ranges.GetValueOrDefault(key) ?? new ValidTimeRange(0, 0)).Moved(m.Count, m.Total);
            if (range.Count == 0) Ranges.Remove(key);
            else Ranges[key] = range;
        }
        if (upTo is { } position) Sequence = position;
    }

    private sealed record MovedRange(string Power, int First, int Last, int Count, decimal Total);

    /// <summary>
    /// The totals summed from the subject's spans themselves: those in force at <paramref name="at"/>, or with none those
    /// still open (in force at the subject's last change: a span closes only at a change of its subject). For a subject's
    /// first copy, and for a report as of an instant before it. Only the columns, all in one index
    /// (<see cref="ContributionSpan.ConfigureMarten"/>), so no heap page the visibility map marks all-visible is read. The
    /// spans are summed by their exact valid time first and the years taken of those sums: claims share valid times (a year,
    /// a month), so that converts a few thousand instants, not two for each span (the hot subject's ~50,000 at 200k:
    /// 49.5 -> 19.5 ms); numeric sums are exact, so the totals are the same either way. Each sum is rounded to 10 places so
    /// it always fits a decimal.
    /// </summary>
    public static async Task<ValidTimeTotals> FromSpansAsync(IQuerySession session, string subject, long? at, CancellationToken ct)
    {
        var inForce = at is null ? "s.until_sequence is null" : "s.from_sequence <= ? and (s.until_sequence is null or s.until_sequence > ?)";
        object[] parameters = at is { } position ? [subject, position, position] : [subject];
        var ranges = await session.AdvancedSql.QueryAsync<MovedRange>($"""
            select jsonb_build_object('power', power, 'first', first, 'last', last, 'count', sum(count), 'total', round(sum(total), 10))
            from (select power, extract(year from valid_start at time zone 'UTC')::int as first,
                         extract(year from (valid_end - interval '1 microsecond') at time zone 'UTC')::int as last, count, total
                  from (select s.power, s.valid_start, s.valid_end, count(*) as count, sum(s.contribution) as total
                        from {DocumentTable.Of<ContributionSpan>(session.DocumentStore)} as s
                        where s.subject = ? and {inForce} and s.valid_start is not null and s.valid_end is not null
                        group by s.power, s.valid_start, s.valid_end) as exact) as dated
            group by power, first, last
            """, ct, parameters);
        return new ValidTimeTotals
        {
            Subject = subject, Sequence = at ?? 0,
            Ranges = ranges.ToDictionary(r => KeyOf(r.Power, r.First, r.Last), r => new ValidTimeRange(r.Count, r.Total), StringComparer.Ordinal),
        };
    }

    public ValidTimeTotals CopyAs(string id) => new()
    {
        Id = id, Subject = Subject, Sequence = Sequence, Ranges = new Dictionary<string, ValidTimeRange>(Ranges, StringComparer.Ordinal),
    };

    public static string KeyOf(string power, int firstYear, int lastYear) => $"{power}|{firstYear}|{lastYear}";

    public static (string Power, int FirstYear, int LastYear) Parse(string key)
    {
        var parts = key.Split('|');
        return (parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A report finds the last totals at or before its position through (subject, sequence).</summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Subject), nameof(Sequence));
        AlignmentConfiguration.SubjectThen(mapping, "sequence");
    }
}

/// <summary>How many contributions in force fall in one range of valid-time years, and their sum.</summary>
/// <param name="Count">How many contributions.</param>
/// <param name="Total">Their sum (exact).</param>
public sealed record ValidTimeRange(int Count, decimal Total)
{
    public ValidTimeRange Moved(int count, decimal by) => new(Count + count, Total + by);
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>
/// The record-time chart is bounded: a long history is drawn in at most <see cref="ReportSeries.MaxPoints"/> points a power; with a
/// window or a cut-off, each point is what the changes by then moved as the window and the cut-off see them.
/// </summary>
public sealed class RecordTimeChartTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(99)]
    [InlineData(100)]
    [InlineData(101)]
    [InlineData(928)]
    [InlineData(46_314)]
    public void spreading_keeps_the_first_and_last_and_evenly_spaced_items_between(int count)
    {
        var items = Enumerable.Range(0, count).ToList();

        var kept = ReportSeries.Spread(items, ReportSeries.MaxPoints);

        kept.Count.ShouldBe(Math.Min(count, ReportSeries.MaxPoints));
        if (count == 0) return;
        kept[0].ShouldBe(0);
        kept[^1].ShouldBe(count - 1);
        var gaps = kept.Zip(kept.Skip(1), (a, b) => b - a).ToList();
        gaps.ShouldAllBe(g => g >= 1);
        if (gaps.Count > 0) (gaps.Max() - gaps.Min()).ShouldBeLessThanOrEqualTo(1);
    }

    [Fact]
    public async Task a_long_history_is_drawn_in_at_most_the_bounded_points_spread_over_it_ending_at_the_score()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 1.0))).As<RecordClaimResult>().Id;
        for (var i = 0; i < 130; i++)
            await Api.Post($"/api/claims/{claim}/confidence", new { confidence = i % 2 == 0 ? 0.5 : 1.0, reason = "Oscillating estimate." });
        await Fixture.WaitForProjectionsAsync();

        // Every change of China's overall score, as the history lists it.
        var history = (await Api.Get("/api/alignments/KZ/history?pageSize=200")).As<Paged<HistoryEntry>>();
        history.Total.ShouldBe(131);
        var line = history.Items.Select(e => (e.Sequence, e.Changes.Single(c => c is { Power: "CN", Dimension: "overall" }).After)).ToList();

        // A valid-time window replays every change: its line is the history's, spread over 100 points.
        var windowed = (await Api.Get("/api/reports/alignment?subjects=KZ&validFrom=2000&validTo=2030")).As<AlignmentReport>().Subjects.Single();
        var china = windowed.RecordTime.Single(s => s.Power == "CN").Points;
        china.Select(p => (p.Sequence, p.Overall)).ShouldBe(ReportSeries.Spread(line, ReportSeries.MaxPoints)
            .Select(p => (p.Sequence, AlignmentReportBuilder.Fixed(p.After))));
        china[^1].Overall.ShouldBe(windowed.Scores.Single(s => s.Power == "CN").Overall);

        // Without a window the line comes from the snapshots and the changes since the last one, ending at the same score.
        var plain = (await Api.Get("/api/reports/alignment?subjects=KZ")).As<AlignmentReport>().Subjects.Single();
        var plainChina = plain.RecordTime.Single(s => s.Power == "CN").Points;
        plainChina.Count.ShouldBeLessThanOrEqualTo(ReportSeries.MaxPoints);
        plainChina[^1].Sequence.ShouldBe(line[^1].Sequence);
        plainChina[^1].Overall.ShouldBe(plain.Scores.Single(s => s.Power == "CN").Overall);
    }

    [Fact]
    public async Task without_a_window_the_line_is_the_snapshots_spread_over_the_history_then_the_changes_since_the_last_one()
    {
        // 1,046 claims about KZ, each raising China's score: 1,046 changes, a snapshot of the cells every Interval of them (105),
        // more than the chart draws, so the snapshots are spread; the last six changes come after the last snapshot.
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        foreach (var batch in Enumerable.Range(0, 1_046).Chunk(500))
        {
            var reply = await Api.Post("/api/claims/batch", new { claims = batch.Select(Samples.RestatedTradeClaim).ToArray() });
            reply.Code.ShouldBe(200, reply.Body);
        }
        await Fixture.WaitForProjectionsAsync();

        var changes = new List<HistoryEntry>();
        for (var page = 1; changes.Count < 1_046; page++)
            changes.AddRange((await Api.Get($"/api/alignments/KZ/history?page={page}&pageSize=200")).As<Paged<HistoryEntry>>().Items);
        changes.Count.ShouldBe(1_046);

        // asOf after every change, then at the first two batches' record time (the third batch's changes came later).
        var ends = new[] { changes[^1].Timestamp, changes[999].Timestamp };
        ends[1].ShouldBeLessThan(ends[0]);
        foreach (var asOf in ends)
        {
            var byThen = changes.Where(c => c.Timestamp <= asOf).ToList();
            var snapshots = byThen.Where((_, i) => i % AlignmentSnapshot.Interval == 0).ToList();
            var tail = byThen.Skip(snapshots.Count == 0 ? 0 : byThen.IndexOf(snapshots[^1]) + 1);
            var expected = ReportSeries.Spread(ReportSeries.Spread(snapshots, ReportSeries.MaxPoints).Concat(tail).ToList(), ReportSeries.MaxPoints)
                .Select(c => (c.Sequence, c.Timestamp, AlignmentReportBuilder.Fixed(c.Changes.Single(x => x is { Power: "CN", Dimension: "overall" }).After)))
                .ToList();

            var report = (await Api.Get($"/api/reports/alignment?subjects=KZ&asOf={Uri.EscapeDataString(asOf.ToString("O"))}"))
                .As<AlignmentReport>().Subjects.Single();
            var china = report.RecordTime.Single(s => s.Power == "CN").Points;
            china.Select(p => (p.Sequence, p.Timestamp, p.Overall)).ShouldBe(expected);
            china[^1].Overall.ShouldBe(report.Scores.Single(s => s.Power == "CN").Overall);
        }
    }

    [Fact]
    public async Task with_a_window_or_a_cut_off_the_line_is_every_change_as_they_see_it()
    {
        var ledger = new SteppedLedger(Fixture, Api);
        var instants = await ledger.WriteAsync();

        var longest = 0;
        foreach (var cut in SteppedLedger.Cuts)
        {
            foreach (var asOf in instants)
            {
                var report = (await Api.Get($"/api/reports/alignment?subjects=KZ&{cut}&asOf={ReportLedger.At(asOf)}")).As<AlignmentReport>().Subjects.Single();
                var lines = report.RecordTime.SelectMany(s => s.Points.Select(p => $"{s.Power} {p.Sequence} {p.Timestamp:O} {p.Overall:0.0000}")).ToList();
                lines.ShouldBe(Replayed(SteppedLedger.Query(cut), await ledger.ChangesAsync(asOf)), $"{cut} as of {asOf:O}");
                foreach (var series in report.RecordTime)
                    series.Points[^1].Overall.ShouldBe(report.Scores.SingleOrDefault(s => s.Power == series.Power)?.Overall ?? 0m, $"{cut}, {series.Power} as of {asOf:O}");
                longest = Math.Max(longest, report.RecordTime.Max(r => r.Points.Count));
            }
        }
        longest.ShouldBe(ReportSeries.MaxPoints, "some line should have been spread");
    }

    /// <summary>
    /// The line as the changes give it (the rule the report's line must equal): each change's deltas as the query sees them; a
    /// point wherever a power's rounded score moved to another value, and at its last move.
    /// </summary>
    private static List<string> Replayed(AlignmentQuery query, IEnumerable<AlignmentChange> changes)
    {
        var overall = new Dictionary<string, decimal>();
        var moves = new SortedDictionary<string, List<(long Sequence, DateTimeOffset At, decimal Overall)>>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            foreach (var power in change.Deltas.Where(d => query.DeltaOf(d) != 0).Select(d => d.Power).Distinct())
            {
                overall[power] = overall.GetValueOrDefault(power) + change.Deltas.Where(d => d.Power == power).Sum(query.DeltaOf);
                if (!moves.TryGetValue(power, out var line)) moves[power] = line = [];
                line.Add((change.Sequence, change.Timestamp.ToUniversalTime(), AlignmentReportBuilder.Fixed(overall[power])));
            }
        }
        return moves.SelectMany(m => ReportSeries.Spread(m.Value.Where((p, i) => i == 0 || i == m.Value.Count - 1 || p.Overall != m.Value[i - 1].Overall).ToList(),
                ReportSeries.MaxPoints).Select(p => $"{m.Key} {p.Sequence} {p.At:O} {p.Overall:0.0000}"))
            .ToList();
    }
}

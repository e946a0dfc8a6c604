using Marten;
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
        // Sources published years apart by three outlets: by a cut-off between them a claim counts only the evidence published
        // by then, and a claim corroborated by another outlet is worth more from that one's publication on.
        foreach (var (id, published) in new[] { ("early", "2015"), ("middle", "2019-06"), ("late", "2024-07") })
        {
            var registered = await Api.Post("/api/sources", Samples.Source(TextOf(id), carrier: $"The {id} review", id: id, published: published));
            registered.Code.ShouldBeOneOf([200, 201], registered.Body);
            registered.Body.ShouldContain($"\"published\":\"{published}\"");
        }
        var ids = (await RecordAsync(Enumerable.Range(0, 200), i => i % 4 == 0 ? "late" : "early")).ToList();
        var instants = new List<DateTimeOffset> { Next() };
        // The same claims again from a later source: corroborations, which move a claim's value from that source's publication on.
        await RecordAsync(Enumerable.Range(0, 200).Where(i => i % 3 == 1), _ => "middle");
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 7 == 2)) await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misread." });
        // A recoded valid time leaves one year and enters another: within a window both, each where it belongs.
        foreach (var id in ids.Where((_, i) => i % 8 == 3))
            await Api.Post($"/api/claims/{id}/recoding", new { validTime = "2021", reason = "Dated on a second reading." });
        foreach (var id in ids.Where((_, i) => i % 9 == 5))
            await Api.Post($"/api/claims/{id}/confidence", new { confidence = 0.3, reason = "Weaker on a second reading." });
        // Last, China's two dimensions pulled equally both ways (valid in 2020), then that claim recoded into 2021: two changes
        // that move China's contributions and not its score. Each is still the end of China's line where the window holds both
        // years, as the changes' own deltas place it.
        var balanced = (await RecordAsync([1004], _ => "early")).Single();
        (await Api.Post($"/api/claims/{balanced}/recoding", new { validTime = "2021", reason = "Dated on a second reading." })).Code.ShouldBe(200);
        instants.Add(Next());
        await Fixture.WaitForProjectionsAsync();

        // 2015 and 2019-06 end as the early and middle sources' publication periods do: those sources count by them.
        string[] cuts = ["validFrom=2020&validTo=2022", "validFrom=2021-03", "validTo=2018", "publishedBy=2019-12", "publishedBy=2019-06",
            "publishedBy=2015", "publishedBy=2016&validFrom=2019", "publishedBy=2030"];
        var longest = 0;
        foreach (var cut in cuts)
        {
            foreach (var asOf in instants)
            {
                var report = (await Api.Get($"/api/reports/alignment?subjects=KZ&{cut}&asOf={ReportLedger.At(asOf)}")).As<AlignmentReport>().Subjects.Single();
                var errors = new FieldErrors();
                var parameters = cut.Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
                var query = AlignmentQuery.Read("KZ", null, parameters.GetValueOrDefault("validFrom"), parameters.GetValueOrDefault("validTo"), errors,
                    parameters.GetValueOrDefault("publishedBy"));
                errors.Any.ShouldBeFalse();

                var lines = report.RecordTime.SelectMany(s => s.Points.Select(p => $"{s.Power} {p.Sequence} {p.Timestamp:O} {p.Overall:0.0000}")).ToList();
                lines.ShouldBe(await ReplayedAsync(query, asOf), $"{cut} as of {asOf:O}");
                foreach (var series in report.RecordTime)
                    series.Points[^1].Overall.ShouldBe(report.Scores.SingleOrDefault(s => s.Power == series.Power)?.Overall ?? 0m, $"{cut}, {series.Power} as of {asOf:O}");
                longest = Math.Max(longest, report.RecordTime.Max(r => r.Points.Count));
            }
        }
        longest.ShouldBe(ReportSeries.MaxPoints, "some line should have been spread");
    }

    /// <summary>
    /// The line as the changes give it (the rule the report's line must equal): every change of KZ by then, read whole, each of
    /// its deltas as the query sees it; a point wherever a power's rounded score moved to another value, and at its last move.
    /// </summary>
    private async Task<List<string>> ReplayedAsync(AlignmentQuery query, DateTimeOffset asOf)
    {
        await using var session = Fixture.Store.QuerySession();
        var changes = await session.Query<AlignmentChange>().Where(c => c.Subject == "KZ" && c.Timestamp <= asOf).OrderBy(c => c.Sequence).ToListAsync();
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

    /// <summary>
    /// Claims about KZ through the batch endpoint, each its own change, quoting the given source: two effects of one power,
    /// sometimes pulling equally both ways (a change that moves the power's dimensions and not its score), and varied valid times.
    /// </summary>
    private async Task<IEnumerable<string>> RecordAsync(IEnumerable<int> numbers, Func<int, string> source)
    {
        string?[] validTimes = [null, "2015", "2019/2021", "2020", "2021-03", "2022-06/2023", "1990/2024"];
        var claims = numbers.Select(i => new
        {
            subject = "KZ", statement = $"Finding {i} on Kazakh trade.", validTime = validTimes[i % validTimes.Length], confidence = i % 2 == 0 ? 0.5 : 0.8,
            effects = new[]
            {
                new { power = i % 3 == 0 ? "RU" : "CN", dimension = "economic", direction = "toward", strength = 1 + i % 3 },
                new { power = i % 3 == 0 ? "RU" : "CN", dimension = "security", direction = i % 5 == 0 ? "toward" : "away", strength = i % 4 == 0 ? 1 + i % 3 : 1 },
            },
            evidence = Samples.Evidence(source(i), TextOf(source(i)), "China became Kazakhstan's largest trading partner"),
        }).ToArray();
        var reply = await Api.Post("/api/claims/batch", new { claims });
        reply.Code.ShouldBe(200, reply.Body);
        var results = reply.As<RecordClaimsResult>().Results;
        results.ShouldAllBe(r => r.Outcome == "created" || r.Outcome == "corroborated", reply.Body);
        return results.Select(r => r.Id!).ToList();
    }

    /// <summary>A source's own text (the same text twice is the same source), with the quote the claims cite.</summary>
    private static string TextOf(string sourceId) => $"{Samples.TradeText} Filed as {sourceId}.";

    private DateTimeOffset Next()
    {
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        return Fixture.Clock.GetUtcNow();
    }
}

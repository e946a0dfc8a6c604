using Marten;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>
/// A report without a window or cut-off reads only what it lists: its heaviest claims through the weight index and its
/// valid-time chart from the totals the Alignment projection keeps every <see cref="ValidTimeTotals.Interval"/>th change
/// and the changes since (or, before a subject's first copy, summed from its spans). Both must equal what every
/// contribution at that instant gives, including ties at the listing's edge, undated claims, ranges, a range longer than
/// the chart, spans closed by later events, instants between copies, and a ledger projected before the totals were kept.
/// </summary>
public sealed class ReportReadsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string?[] ValidTimes = [null, "2019", "2020", "2021-03", "2018/2020", "2022", "1950/2024"];
    private static readonly string?[] BatchValidTimes = [.. ValidTimes, "2023-12/2024-02"];

    [Fact]
    public async Task the_listed_claims_and_the_valid_time_chart_are_those_every_contribution_gives_at_each_instant()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        var instants = new List<DateTimeOffset>();
        var ids = new List<string>();
        // 70 claims of 3 strengths and 2 confidences: many share a weight, so the 50th contribution sits among equals.
        for (var i = 0; i < 70; i++)
        {
            var reply = await Api.Post("/api/claims", new
            {
                subject = "KZ", statement = $"Finding {i} on Kazakh trade.", validTime = ValidTimes[i % ValidTimes.Length],
                confidence = i % 2 == 0 ? 0.5 : 0.8,
                effects = new[] { new { power = i % 3 == 0 ? "RU" : "CN", dimension = i % 4 == 0 ? "security" : "economic", direction = i % 5 == 0 ? "away" : "toward", strength = 1 + i % 3 } },
                evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            });
            ids.Add(reply.As<RecordClaimResult>().Id);
            if (i % 20 == 19) instants.Add(Next());
        }
        foreach (var id in ids.Where((_, i) => i % 6 == 1)) await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misread." });
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 9 == 2))
            await Api.Post($"/api/claims/{id}/recoding", new { validTime = "2016/2017", reason = "Dated on a second reading." });
        instants.Add(Next());
        await Fixture.WaitForProjectionsAsync();

        var most = 0;
        foreach (var asOf in instants)
        {
            var (report, query, every) = await ReportAndEveryContributionAsync(asOf);
            var heaviest = every.Order(Comparer<ClaimContribution>.Create(ClaimContribution.ByWeight)).Take(AlignmentReport.ContributionsListed)
                .Select(c => c.ClaimId).ToHashSet();
            var expected = every.Where(c => heaviest.Contains(c.ClaimId)).GroupBy(c => c.ClaimId)
                .OrderByDescending(g => g.Sum(c => Math.Abs(c.Contribution))).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}: {string.Join(", ", g.Order(Comparer<ClaimContribution>.Create(ClaimContribution.Order)).Select(c => $"{c.Power} {c.Dimension} {AlignmentReportBuilder.Fixed(c.Contribution):0.0000}"))}");

            most = Math.Max(most, every.Count);
            report.Claims.Select(c => $"{c.ClaimId}: {string.Join(", ", c.Contributions.Select(x => $"{x.Power} {Enum.Parse<Dimension>(x.Dimension, true)} {x.Contribution:0.0000}"))}")
                .ShouldBe(expected, $"as of {asOf:O}");
            Chart(report.ValidTime).ShouldBe(Chart(ReportSeries.ValidTime(every, query)), $"as of {asOf:O}");
            report.ValidTime.ShouldNotBeEmpty();
        }
        most.ShouldBeGreaterThan(AlignmentReport.ContributionsListed, "the listing should have had to choose");
    }

    [Fact]
    public async Task the_chart_from_kept_totals_is_the_chart_of_every_contribution_at_each_instant()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        var instants = new List<DateTimeOffset>();
        var ids = new List<string>();
        ids.AddRange(await RecordAsync(0, 130));
        instants.Add(Next());
        ids.AddRange(await RecordAsync(130, 120));
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 7 == 1)) await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misread." });
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 11 == 2))
            await Api.Post($"/api/claims/{id}/recoding", new { validTime = "2016/2017", reason = "Dated on a second reading." });
        instants.Add(Next());
        await Fixture.WaitForProjectionsAsync();

        await using (var session = Fixture.Store.QuerySession())
        {
            var kept = await session.Query<ValidTimeTotals>().Where(t => t.Subject == "KZ").CountAsync();
            kept.ShouldBeGreaterThanOrEqualTo(3, "a copy every 100 changes of some 300");
        }
        await ChartsMatchEveryContributionAsync(instants);
    }

    [Fact]
    public async Task a_ledger_projected_before_the_totals_were_kept_starts_them_from_its_spans()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        var instants = new List<DateTimeOffset>();
        var ids = (await RecordAsync(0, 150)).ToList();
        foreach (var id in ids.Where((_, i) => i % 5 == 3)) await Api.Post($"/api/claims/{id}/retraction", new { reason = "Misread." });
        instants.Add(Next());
        await Fixture.WaitForProjectionsAsync();

        // The ledger as an earlier build left it: no totals at all.
        await using (var session = Fixture.Store.LightweightSession())
        {
            session.DeleteWhere<ValidTimeTotals>(_ => true);
            await session.SaveChangesAsync();
        }
        ids.AddRange(await RecordAsync(150, 120));
        instants.Add(Next());
        foreach (var id in ids.Where((_, i) => i % 9 == 4))
            await Api.Post($"/api/claims/{id}/recoding", new { validTime = "2015", reason = "Dated on a second reading." });
        instants.Add(Next());
        await Fixture.WaitForProjectionsAsync();

        await using (var session = Fixture.Store.QuerySession())
        {
            var (_, before) = await AlignmentReader.AsOfAsync(session, "KZ", instants[0], CancellationToken.None);
            // The totals start after the earlier build's changes: a report as of then still sums the spans.
            (await session.Query<ValidTimeTotals>().Where(t => t.Subject == "KZ").MinAsync(t => t.Sequence)).ShouldBeGreaterThan(before);
        }
        await ChartsMatchEveryContributionAsync(instants);
    }

    private async Task ChartsMatchEveryContributionAsync(IReadOnlyList<DateTimeOffset> instants)
    {
        foreach (var asOf in instants)
        {
            var (report, query, every) = await ReportAndEveryContributionAsync(asOf);
            Chart(report.ValidTime).ShouldBe(Chart(ReportSeries.ValidTime(every, query)), $"as of {asOf:O}");
            report.ValidTime.ShouldNotBeEmpty();
        }
    }

    /// <summary>Claims about KZ through the batch endpoint, each its own change: powers, directions and valid times vary.</summary>
    private async Task<IEnumerable<string>> RecordAsync(int from, int count)
    {
        var claims = Enumerable.Range(from, count).Select(i => new
        {
            subject = "KZ", statement = $"Finding {i} on Kazakh trade.", validTime = BatchValidTimes[i % BatchValidTimes.Length],
            confidence = i % 2 == 0 ? 0.5 : 0.8,
            effects = new[]
            {
                new { power = i % 3 == 0 ? "RU" : "CN", dimension = i % 4 == 0 ? "security" : "economic", direction = i % 5 == 0 ? "away" : "toward", strength = 1 + i % 3 },
            },
            evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
        }).ToArray();
        var reply = await Api.Post("/api/claims/batch", new { claims });
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<RecordClaimsResult>().Results.Select(r => r.Id!).ToList();
    }

    /// <summary>KZ's report as of an instant, and every contribution in force at the position it reports.</summary>
    private async Task<(SubjectReport Report, AlignmentQuery Query, List<ClaimContribution> Every)> ReportAndEveryContributionAsync(DateTimeOffset asOf)
    {
        var report = (await Api.Get($"/api/reports/alignment?subjects=KZ&asOf={ReportLedger.At(asOf)}")).As<AlignmentReport>().Subjects.Single();
        await using var session = Fixture.Store.QuerySession();
        var query = new AlignmentQuery("KZ", asOf, null, null);
        var (_, at) = await AlignmentReader.AsOfAsync(session, "KZ", asOf, CancellationToken.None);
        return (report, query, await AlignmentReader.AllAsync(session, query, at, CancellationToken.None));
    }

    private static List<string> Chart(IEnumerable<ValidTimeSeries> series) =>
        series.SelectMany(s => s.Points.Select(p => $"{s.Power} {p.Year} {p.Total:0.0000}")).ToList();

    private DateTimeOffset Next()
    {
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        return Fixture.Clock.GetUtcNow();
    }
}

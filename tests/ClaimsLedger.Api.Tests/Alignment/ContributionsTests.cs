using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>An alignment costs what it shows: its scores, and the heaviest contributions; the rest come a page at a time.</summary>
public sealed class ContributionsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_alignment_shows_the_heaviest_contributions_and_the_rest_are_paged_in_weight_order()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "A"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.9));
        await Api.Post("/api/claims", Restated);
        await Fixture.WaitForProjectionsAsync();

        var top = (await Api.Get("/api/alignments/KZ?top=1")).As<AlignmentView>();
        var firstPage = (await Api.Get("/api/alignments/KZ/contributions?pageSize=3")).As<Paged<ContributionView>>();
        var secondPage = (await Api.Get("/api/alignments/KZ/contributions?pageSize=3&page=2")).As<Paged<ContributionView>>();

        top.Contributions.ShouldHaveSingleItem().Contribution.ShouldBe(1.8m);   // CN toward 2 × 0.9 × A 1.0
        top.ContributionCount.ShouldBe(4);
        firstPage.Total.ShouldBe(4);
        var all = firstPage.Items.Concat(secondPage.Items).ToList();
        all.Select(x => Math.Abs(x.Contribution)).ShouldBeInOrder(SortDirection.Descending);
        all.Count.ShouldBe(4);
        (await Api.Get("/api/alignments/KZ?top=0")).ShouldBeProblem(400, "top");
        await top.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task as_of_a_record_time_the_pages_hold_what_the_ledger_held_then()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "A"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5))).As<RecordClaimResult>().Id;
        await Fixture.WaitForProjectionsAsync();
        var before = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O"));
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        await Api.Post($"/api/claims/{claim}/confidence", new { confidence = 0.9, reason = "Confirmed by customs." });
        await Fixture.WaitForProjectionsAsync();

        var then = (await Api.Get($"/api/alignments/KZ/contributions?asOf={before}")).As<Paged<ContributionView>>();
        var now = (await Api.Get("/api/alignments/KZ/contributions")).As<Paged<ContributionView>>();

        then.Items.Single(c => c.Power == "CN").Contribution.ShouldBe(1.0m);
        now.Items.Single(c => c.Power == "CN").Contribution.ShouldBe(1.8m);
    }

    [Fact]
    public async Task as_of_early_in_a_long_history_the_heaviest_are_those_in_force_then_though_hundreds_of_heavier_came_later()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "A"));
        var light = await RecordKazakhClaims("light", 30, strength: 1, confidence: 0.3);
        await Fixture.WaitForProjectionsAsync();
        var before = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O"));
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        // Enough heavier spans that a read as of after them walks the spans by weight; as of before them, too few are in
        // force for that (it would pass all 600 heavier ones), and they are sorted out of the spans opened by then.
        var heavy = await RecordKazakhClaims("heavy", 600, strength: 3, confidence: 0.9);
        await Fixture.WaitForProjectionsAsync();

        var then = (await Api.Get($"/api/alignments/KZ?asOf={before}&top=20")).As<AlignmentView>();
        var thenPage = (await Api.Get($"/api/alignments/KZ/contributions?asOf={before}&pageSize=20")).As<Paged<ContributionView>>();
        then.ContributionCount.ShouldBe(30);
        then.Contributions.Count.ShouldBe(20);
        then.Contributions.ShouldAllBe(c => c.Contribution == 0.3m && light.Contains(c.ClaimId));
        then.Contributions.Select(c => c.ClaimId).ShouldBe(thenPage.Items.Select(c => c.ClaimId));

        var now = (await Api.Get("/api/alignments/KZ?top=20")).As<AlignmentView>();
        now.Contributions.ShouldAllBe(c => c.Contribution == 2.7m && heavy.Contains(c.ClaimId));
        var after = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O"));
        var later = (await Api.Get($"/api/alignments/KZ?asOf={after}&top=20")).As<AlignmentView>();
        later.ContributionCount.ShouldBe(630);
        later.Contributions.Select(c => c.ClaimId).ShouldBe(now.Contributions.Select(c => c.ClaimId));
    }

    [Fact]
    public async Task as_of_an_instant_the_heaviest_name_each_power_dimension_and_signed_value_as_the_contributions_pages_do()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "A"));
        var effects = new[] { ("RU", "security", "away", 3), ("CN", "infrastructure", "toward", 2), ("WEST", "energy", "away", 1), ("TR", "cultural", "toward", 3) };
        var claims = Enumerable.Range(0, 12).Select(i => new
        {
            subject = "KZ", statement = $"Kazakhstan turned (reading {i}).",
            effects = new[] { effects[i % 4], effects[(i + 1) % 4] }
                .Select(e => new { power = e.Item1, dimension = e.Item2, direction = e.Item3, strength = e.Item4 }).ToArray(),
            evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            confidence = 0.5 + i / 100.0,
        }).ToArray();
        (await Api.Post("/api/claims/batch", new { claims })).Code.ShouldBe(200);
        await Fixture.WaitForProjectionsAsync();
        var instant = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O"));
        Fixture.Clock.Advance(TimeSpan.FromHours(1));

        var then = (await Api.Get($"/api/alignments/KZ?asOf={instant}&top=20")).As<AlignmentView>();
        var page = (await Api.Get($"/api/alignments/KZ/contributions?asOf={instant}&pageSize=20")).As<Paged<ContributionView>>();
        var now = (await Api.Get("/api/alignments/KZ?top=20")).As<AlignmentView>();

        then.Contributions.Count.ShouldBe(20);
        then.Contributions.ShouldBe(page.Items);
        then.Contributions.ShouldBe(now.Contributions);
        then.Contributions.ShouldContain(c => c.Power == "RU" && c.Dimension == "security" && c.Contribution < 0);
        then.Contributions.ShouldContain(c => c.Power == "CN" && c.Dimension == "infrastructure" && c.Contribution > 0);
    }

    [Fact]
    public async Task a_valid_time_windows_pages_carry_its_total_whether_counted_or_read_off_the_last_page()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "A"));
        var in2021 = await RecordKazakhClaims("2021", 5, strength: 1, confidence: 0.5, validTime: "2021");
        await RecordKazakhClaims("2023", 3, strength: 3, confidence: 0.9, validTime: "2023");   // heavier, outside the window
        await Fixture.WaitForProjectionsAsync();

        async Task<Paged<ContributionView>> Page(int page, string window = "validFrom=2021&validTo=2021") =>
            (await Api.Get($"/api/alignments/KZ/contributions?{window}&pageSize=2&page={page}")).As<Paged<ContributionView>>();
        var pages = new[] { await Page(1), await Page(2), await Page(3), await Page(4) };

        // Full pages and a page past the end are counted; the short last page shows the end itself.
        pages.Select(p => p.Total).ShouldBe([5L, 5L, 5L, 5L]);
        pages.Select(p => p.Items.Count).ShouldBe([2, 2, 1, 0]);
        pages.SelectMany(p => p.Items).Select(c => c.ClaimId).ShouldBe(in2021, ignoreOrder: true);
        (await Page(1, "validFrom=2030")).Total.ShouldBe(0);
    }

    private async Task<HashSet<string>> RecordKazakhClaims(string kind, int count, int strength, double confidence, string? validTime = null)
    {
        var claims = Enumerable.Range(0, count).Select(i => new
        {
            subject = "KZ", statement = $"China drew Kazakhstan closer ({kind} reading {i}).", validTime,
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength } },
            evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            confidence,
        }).ToArray();
        var reply = await Api.Post("/api/claims/batch", new { claims });
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<RecordClaimsResult>().Results.Select(r => r.Id!).ToHashSet();
    }

    /// <summary>A second, lighter claim about the same subject from another passage of the same source.</summary>
    private static readonly object Restated = new
    {
        subject = "KZ",
        statement = "Russia was overtaken as Kazakhstan's largest trading partner.",
        effects = new object[] { new { power = "RU", dimension = "economic", direction = "away", strength = 1 }, new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
        validTime = "2023",
        evidence = Samples.Evidence("steppe", Samples.TradeText, "overtaking Russia"),
        confidence = 0.3,
    };
}

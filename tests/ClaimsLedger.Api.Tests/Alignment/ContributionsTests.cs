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

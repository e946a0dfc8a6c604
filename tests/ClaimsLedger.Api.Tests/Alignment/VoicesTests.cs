using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>Voices are counted from sources, per original publisher; names alone cannot add voices for or against a claim.</summary>
public sealed class VoicesTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private string _claim = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5))).As<RecordClaimResult>().Id;
    }

    [Fact]
    public async Task fifty_analysts_contesting_without_evidence_weigh_as_one_voice()
    {
        var before = await ChinaEconomic();

        for (var i = 0; i < 50; i++)
            (await Api.Post($"/api/claims/{_claim}/contestations", new { reason = "I doubt it." }, actor: $"sock-{i}@example.org")).Code.ShouldBe(200);

        // One supporting voice against at most one contesting voice: the contribution falls by at most half.
        var after = await ChinaEconomic();
        after.ShouldBeGreaterThanOrEqualTo(before / 2);
        after.ShouldBe(before / 2);
        var claim = (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>();
        claim.Disputed.ShouldBeTrue();
        claim.Contestations.Count.ShouldBe(50);
    }

    [Fact]
    public async Task contestations_citing_one_publisher_are_one_voice_and_another_publisher_is_another()
    {
        var denial = "Officials denied that China became Kazakhstan's largest trading partner.";
        await Api.Post("/api/sources", Samples.Source(denial, id: "gazette", carrier: "State Gazette"));
        await Api.Post("/api/sources", Samples.Source(denial + " Reprinted.", id: "gazette-reprint", carrier: "Aggregator", originalPublisher: "State Gazette", syndicated: true));
        await Api.Post("/api/sources", Samples.Source(denial + " Confirmed.", id: "daily", carrier: "Almaty Daily"));
        var before = await ChinaEconomic();

        await Contest("gazette", denial);
        await Contest("gazette-reprint", denial + " Reprinted.");
        var onePublisher = await ChinaEconomic();
        await Contest("daily", denial + " Confirmed.");
        var twoPublishers = await ChinaEconomic();

        onePublisher.ShouldBe(before / 2);             // 1 / (1 + 1)
        twoPublishers.ShouldBe(Math.Round(before / 3, 4)); // 1 / (1 + 2)
    }

    private async Task Contest(string sourceId, string text) =>
        (await Api.Post($"/api/claims/{_claim}/contestations",
            new { reason = "Denied.", evidence = Samples.Evidence(sourceId, text, "Officials denied") })).Code.ShouldBe(200);

    private async Task<decimal> ChinaEconomic()
    {
        await Fixture.WaitForProjectionsAsync();
        return (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().Scores["CN"]["economic"];
    }
}

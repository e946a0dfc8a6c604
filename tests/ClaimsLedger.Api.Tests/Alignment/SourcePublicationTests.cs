using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>A source's publication date weighs however the projection happened to batch its registration and its claims.</summary>
public sealed class SourcePublicationTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_source_projected_alone_and_cited_later_counts_only_from_its_publication()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: null));   // published 2024-07, ungraded
        // The registration is projected before any claim cites the source: a batch of its own.
        await Fixture.WaitForProjectionsAsync();
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();

        var june = (await Api.Get($"/api/alignments/KZ?publishedBy=2024-06&minPosition={claim.Position}")).As<AlignmentView>();
        var july = (await Api.Get($"/api/alignments/KZ?publishedBy=2024-07&minPosition={claim.Position}")).As<AlignmentView>();

        june.ClaimCount.ShouldBe(0);
        july.ClaimCount.ShouldBe(1);
        july.Contributions.ShouldAllBe(c => c.ClaimId == claim.Id);
    }
}

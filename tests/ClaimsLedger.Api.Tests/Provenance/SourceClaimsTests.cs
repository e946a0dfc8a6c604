using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Provenance;

public sealed class SourceClaimsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_source_lists_every_claim_it_produced_corroborated_or_contested_with_spans()
    {
        var wireText = Samples.TradeText.Replace("customs data", "the bureau");
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(wireText, id: "wire", carrier: "Wire"));
        var produced = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("wire", wireText))).As<RecordClaimResult>().Id;
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), actor: "second-analyst");
        await Api.Post($"/api/claims/{produced}/contestations", new
        {
            evidence = Samples.Evidence("steppe", Samples.TradeText, "Moscow's share of Kazakh imports fell to a third"),
            reason = "The share figure undercuts the ranking.",
        });

        var reply = await Api.Get("/api/sources/steppe/claims");

        reply.Code.ShouldBe(200, reply.Body);
        var entries = reply.As<SourceProvenance>().Claims;
        entries.Select(e => e.Role).ShouldBe(["corroborated", "contested"]);
        entries[0].ClaimId.ShouldBe(produced);
        entries[0].Actor.ShouldBe("second-analyst");
        entries[0].Statement.ShouldStartWith("China became");
        var quote = entries[1].Quote;
        Samples.TradeText.Substring(entries[1].Start, quote.Length).ShouldBe(quote);
        (await Api.Get("/api/sources/wire/claims")).As<SourceProvenance>().Claims.Single().Role.ShouldBe("extracted");
        (await Api.Get("/api/sources/nope/claims")).ShouldBeProblem(404, "id");
    }
}

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
        var produced = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("wire", wireText))).Json["id"]!.GetValue<string>();
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), actor: "second-analyst");
        await Api.Post($"/api/claims/{produced}/contestations", new
        {
            evidence = Samples.Evidence("steppe", Samples.TradeText, "Moscow's share of Kazakh imports fell to a third"),
            reason = "The share figure undercuts the ranking.",
        });

        var reply = await Api.Get("/api/sources/steppe/claims");

        reply.Code.ShouldBe(200, reply.Body);
        var entries = reply.Json["claims"]!.AsArray();
        entries.Select(e => e!["role"]!.GetValue<string>()).ShouldBe(["corroborated", "contested"]);
        entries[0]!["claimId"]!.GetValue<string>().ShouldBe(produced);
        entries[0]!["actor"]!.GetValue<string>().ShouldBe("second-analyst");
        entries[0]!["statement"]!.GetValue<string>().ShouldStartWith("China became");
        var quote = entries[1]!["quote"]!.GetValue<string>();
        Samples.TradeText.Substring(entries[1]!["start"]!.GetValue<int>(), quote.Length).ShouldBe(quote);
        (await Api.Get("/api/sources/wire/claims")).Json["claims"]!.AsArray().Single()!["role"]!.GetValue<string>().ShouldBe("extracted");
        (await Api.Get("/api/sources/nope/claims")).ShouldBeProblem(404, "id");
    }
}

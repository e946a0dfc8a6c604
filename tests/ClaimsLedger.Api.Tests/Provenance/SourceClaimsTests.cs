using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
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

    [Fact]
    public async Task a_link_stores_neither_its_quote_nor_its_id_and_a_syndicated_copys_citations_are_served_with_their_quotes()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "origin-text", carrier: "Steppe Review", originalPublisher: "Steppe Review"));
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "copied-text", carrier: "Global Courant"))).Code.ShouldBe(201);
        (await Api.Get("/api/sources/copied-text")).Body.ShouldContain("\"copyOf\":\"origin-text\"");
        const string quote = "Moscow's share of Kazakh imports fell to a third";
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("copied-text"))).As<RecordClaimResult>().Id;
        (await Api.Post($"/api/claims/{claim}/contestations", new
        {
            evidence = Samples.Evidence("copied-text", Samples.TradeText, quote), reason = "The share figure undercuts the ranking.",
        })).Code.ShouldBe(200);

        var entries = (await Api.Get("/api/sources/copied-text/claims")).As<SourceProvenance>().Claims;
        entries.Select(e => e.Role).ShouldBe(["extracted", "contested"]);
        foreach (var entry in entries) entry.Quote.ShouldBe(Samples.TradeText[entry.Start..entry.End]);
        entries[1].Quote.ShouldBe(quote);
        entries[0].Quote.ShouldNotBeEmpty();

        var stored = await Fixture.RowsAsync($"select data::text from {DocumentTable.Of<SourceClaimLink>(Fixture.Store)} where data ->> 'sourceId' = 'copied-text'",
            r => r.GetString(0));
        stored.Count.ShouldBe(2);
        foreach (var json in stored)
        {
            json.ShouldNotContain("\"quote\"");
            json.ShouldNotContain("\"id\"");
        }
    }
}

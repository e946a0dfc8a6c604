using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Sources;

/// <summary>The same text from another carrier: a source of its own, its text stored once, one voice with its original.</summary>
public sealed class SyndicationTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_same_text_from_another_carrier_is_a_new_source_marked_as_a_copy_with_the_text_stored_once()
    {
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", carrier: "Steppe Review", originalPublisher: "Steppe Review"))).Code.ShouldBe(201);

        var reply = await Api.Post("/api/sources", new
        {
            id = "courant-copy", title = "Kazakh trade (repost)", carrier = "Global Courant", published = "2024-08-02", reliability = "D",
            reliabilityReason = "Content farm.", text = Samples.TradeText,
        });

        reply.Code.ShouldBe(201, reply.Body);
        reply.Headers.Location!.ToString().ShouldBe("/api/sources/courant-copy");
        var copy = (await Api.Get("/api/sources/courant-copy")).As<SourceView>();
        (copy.CopyOf, copy.Syndicated, copy.Carrier, copy.OriginalPublisher).ShouldBe(("steppe", true, "Global Courant", "Steppe Review"));
        (copy.Published, copy.Reliability).ShouldBe(("2024-08-02", ReliabilityGrade.D));
        copy.Text.ShouldBe(Samples.TradeText);
        copy.TextLength.ShouldBe(Samples.TradeText.Length);
        (await Api.Get("/api/sources/steppe")).As<SourceView>().CopyOf.ShouldBeNull();
        (await Api.Get("/api/sources?pageSize=10")).As<ClaimsLedger.Api.Http.Paged<SourceView>>().Items.Single(s => s.Id == "courant-copy").CopyOf.ShouldBe("steppe");

        await using var session = Fixture.Store.QuerySession();
        var registrations = await session.Events.QueryRawEventDataOnly<SourceRegistered>().ToListAsync();
        registrations.Select(r => r.SourceId).ShouldBe(["steppe", "courant-copy"], ignoreOrder: true);
        registrations.Count(r => r.Text == Samples.TradeText).ShouldBe(1);
        registrations.Single(r => r.SourceId == "courant-copy").Sha256.ShouldBe(registrations.Single(r => r.SourceId == "steppe").Sha256);
    }

    [Fact]
    public async Task the_same_new_text_from_many_carriers_at_once_is_one_original_and_copies_of_it()
    {
        // Every registration checks the text's hash before it writes, so several at once all find none; the unique index on
        // the hash lets one in, and the others must be decided again (as copies), not answered with a 500. A few rounds,
        // since the race is the point.
        for (var round = 0; round < 3; round++)
        {
            var text = Samples.TradeText + $" Wire story {round}.";
            var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
                Api.Post("/api/sources", Samples.Source(text, id: $"wire-{round}-{i}", carrier: $"Wire carrier {round}-{i}"))));

            replies.ShouldAllBe(r => r.Code == 201, string.Join("\n", replies.Select(r => r.Body)));
            var sources = replies.Select(r => r.As<SourceView>()).ToList();
            var original = sources.Where(s => s.CopyOf == null).ShouldHaveSingleItem();
            sources.Where(s => s != original).ShouldAllBe(s => s.CopyOf == original.Id);
        }
    }

    [Fact]
    public async Task registering_a_copy_again_is_a_no_op_and_the_same_carrier_again_answers_with_the_first()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "copy", carrier: "Global Courant"))).Code.ShouldBe(201);
        var events = await CountEvents();

        var again = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "copy", carrier: "Global Courant"));
        var sameCarrier = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "another-id"));

        again.Code.ShouldBe(200, again.Body);
        again.As<SourceView>().Id.ShouldBe("copy");
        sameCarrier.Code.ShouldBe(200, sameCarrier.Body);
        sameCarrier.As<SourceView>().Id.ShouldBe("steppe");
        (await CountEvents()).ShouldBe(events);
    }

    [Fact]
    public async Task a_copy_can_be_cited_and_counts_as_the_same_voice_as_its_original()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "copy", carrier: "Global Courant", reliability: "A"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;

        var corroborated = await Api.Post($"/api/claims/{claim}/corroborations",
            new { evidence = Samples.Evidence("copy", Samples.TradeText, "overtaking Russia") });
        var wrongQuote = await Api.Post($"/api/claims/{claim}/corroborations",
            new { evidence = new { sourceId = "copy", start = 0, end = 5, quote = "Grade" } });

        corroborated.Code.ShouldBe(200, corroborated.Body);
        var details = corroborated.As<ClaimDetails>();
        details.Sources.Select(s => s.SourceId).ShouldBe(["steppe", "copy"]);
        details.IndependentSourceCount.ShouldBe(1);
        wrongQuote.ShouldBeProblem(422, "evidence.quote");
        await Fixture.WaitForProjectionsAsync();
        // One voice: no corroboration bonus; the best grade among its sources (A, the copy's own) applies.
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().Scores["CN"]["economic"].ShouldBe(1.6m); // 2 × 0.8 × 1.0 × 1
    }

    private async Task<long> CountEvents()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class RecordClaimTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.SyndicatedTradeText, id: "repost", carrier: "Content Farm",
            originalPublisher: "Steppe Economic Review", syndicated: true, reliability: "D"));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText.Replace("customs data", "the statistics bureau"), id: "wire",
            carrier: "Central Asia Wire"));
    }

    [Fact]
    public async Task a_claim_is_served_with_its_events_record_time_as_stored_to_the_microsecond()
    {
        // A clock finer than PostgreSQL's microseconds, as the system clock is.
        Fixture.Clock.Advance(TimeSpan.FromTicks(7));

        var id = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;

        var served = (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>();
        await using var session = Fixture.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(id)).ShouldHaveSingleItem();
        served.RecordedAt.ShouldBe(stored.Timestamp);
        served.UpdatedAt.ShouldBe(stored.Timestamp);
    }

    [Fact]
    public async Task records_a_new_claim_with_its_evidence()
    {
        var reply = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));

        reply.Code.ShouldBe(201, reply.Body);
        var recorded = reply.As<RecordClaimResult>();
        recorded.Version.ShouldBe(1);
        reply.Headers.Location!.ToString().ShouldBe($"/api/claims/{recorded.Id}");
        var claim = (await Api.Get($"/api/claims/{recorded.Id}")).As<ClaimDetails>();
        claim.Subject.ShouldBe("KZ");
        claim.Status.ShouldBe(ClaimStatus.Recorded);
        claim.Confidence.ShouldBe(0.8);
        claim.ValidTime.ShouldBe("2023");
        claim.Effects[0].Direction.ShouldBe(Direction.Toward);
        claim.Sources[0].Quote.ShouldBe("China became Kazakhstan's largest trading partner");
        claim.IndependentSourceCount.ShouldBe(1);
        claim.RecordedAt.ShouldNotBe(default);
    }

    [Fact]
    public async Task the_same_claim_with_the_same_evidence_changes_nothing()
    {
        var first = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var again = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));

        again.Code.ShouldBe(200, again.Body);
        again.As<RecordClaimResult>().ShouldBe(first.As<RecordClaimResult>() with { Outcome = "unchanged" });
    }

    [Fact]
    public async Task an_equal_claim_from_an_independent_source_corroborates_the_existing_stream()
    {
        var first = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var text = Samples.TradeText.Replace("customs data", "the statistics bureau");

        // Same assertion, worded with different case and spacing: normalization makes it the same claim.
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("wire", text), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        claim["statement"] = "china became  Kazakhstan’s largest trading partner, overtaking Russia";
        var second = await Api.Post("/api/claims", claim.ToJsonString());

        second.Code.ShouldBe(200, second.Body);
        var corroborated = second.As<RecordClaimResult>();
        corroborated.ShouldBe(new RecordClaimResult(first.As<RecordClaimResult>().Id, 2, "corroborated", corroborated.Position));
        corroborated.Position.ShouldBeGreaterThan(first.As<RecordClaimResult>().Position);
        var details = (await Api.Get($"/api/claims/{corroborated.Id}")).As<ClaimDetails>();
        details.IndependentSourceCount.ShouldBe(2);
        details.Sources.Select(s => s.Role).ShouldBe(["extracted", "corroborated"]);
    }

    [Fact]
    public async Task a_syndicated_copy_of_the_same_original_is_not_independent()
    {
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));

        var reply = await Api.Post("/api/claims", Samples.KazakhTradeClaim("repost", Samples.SyndicatedTradeText));

        var corroborated = reply.As<RecordClaimResult>();
        corroborated.Outcome.ShouldBe("corroborated");
        var details = (await Api.Get($"/api/claims/{corroborated.Id}")).As<ClaimDetails>();
        details.Sources.Count.ShouldBe(2);
        details.IndependentSourceCount.ShouldBe(1);
    }

    [Fact]
    public async Task evidence_that_does_not_match_the_source_text_is_422_and_writes_nothing()
    {
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        claim["evidence"]!["quote"] = "China became Kazakhstan's biggest trading partner";

        var reply = await Api.Post("/api/claims", claim.ToJsonString());

        reply.ShouldBeProblem(422, "evidence.quote");
        (await Fixture.EventCountAsync()).ShouldBe(await Fixture.EventCountAsync(EventStreams.NotClaims));
    }

    [Fact]
    public async Task evidence_beyond_the_text_is_422_and_an_unknown_source_is_404()
    {
        var beyond = new JsonObject
        {
            ["subject"] = "KZ", ["statement"] = "s.", ["effects"] = JsonNode.Parse("""[{"power":"CN","dimension":"economic","direction":"toward","strength":1}]"""),
            ["evidence"] = new JsonObject { ["sourceId"] = "steppe", ["start"] = 10, ["end"] = 100000, ["quote"] = "x" },
        };
        (await Api.Post("/api/claims", beyond.ToJsonString())).ShouldBeProblem(422, "evidence.end");

        beyond["evidence"]!["sourceId"] = "no-such-source";
        (await Api.Post("/api/claims", beyond.ToJsonString())).ShouldBeProblem(404, "evidence.sourceId");
    }

    [Theory]
    [InlineData("subject", "\"Kazakhstan\"", "subject")]
    [InlineData("subject", "\"kz\"", "subject")]
    [InlineData("validTime", "\"last year\"", "validTime")]
    [InlineData("validTime", "\"2024/2022\"", "validTime")]
    [InlineData("confidence", "1.5", "confidence")]
    [InlineData("statement", "\"  \"", "statement")]
    [InlineData("effects", "[]", "effects")]
    [InlineData("effects", """[{"power":"Russia","dimension":"economic","direction":"toward","strength":1}]""", "effects[0].power")]
    [InlineData("effects", """[{"power":"RU","dimension":"military","direction":"toward","strength":1}]""", "effects[0].dimension")]
    [InlineData("effects", """[{"power":"RU","dimension":"security","direction":"closer","strength":1}]""", "effects[0].direction")]
    [InlineData("effects", """[{"power":"RU","dimension":"security","direction":"away","strength":4}]""", "effects[0].strength")]
    [InlineData("quantity", """{"unit":"USD billion"}""", "quantity.value")]
    public async Task invalid_claims_are_400_naming_the_field(string member, string json, string field)
    {
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        claim[member] = JsonNode.Parse(json);

        var reply = await Api.Post("/api/claims", claim.ToJsonString());

        reply.ShouldBeProblem(400, field);
        (await Fixture.EventCountAsync()).ShouldBe(await Fixture.EventCountAsync(EventStreams.NotClaims));
    }

    [Fact]
    public async Task regions_and_blocs_are_valid_subjects_and_powers()
    {
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        claim["subject"] = "CENTRAL_ASIA";
        claim["effects"] = JsonNode.Parse("""[{"power":"WEST","dimension":"diplomatic","direction":"away","strength":1},{"power":"EU","dimension":"energy","direction":"toward","strength":3}]""");

        (await Api.Post("/api/claims", claim.ToJsonString())).Code.ShouldBe(201);
    }

    [Fact]
    public async Task the_claim_trail_shows_each_event_with_actor_and_reason()
    {
        var id = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), actor: "extractor-bot")).As<RecordClaimResult>().Id;
        await Api.Post($"/api/claims/{id}/confidence", new { confidence = 0.4, reason = "Customs data are disputed.", expectedVersion = 1 }, actor: "reviewer");

        var trail = (await Api.Get($"/api/claims/{id}/events")).As<List<ClaimEventEntry>>();

        trail.Count.ShouldBe(2);
        trail[0].Type.ShouldBe("claim_extracted");
        trail[0].Actor.ShouldBe("extractor-bot");
        trail[0].Version.ShouldBe(1);
        trail[1].Type.ShouldBe("claim_confidence_revised");
        trail[1].Actor.ShouldBe("reviewer");
        trail[1].Reason.ShouldBe("Customs data are disputed.");
        ((JsonElement)trail[1].Data).GetProperty("previous").GetDouble().ShouldBe(0.8); // data: the event as stored
        trail[1].Sequence.ShouldBeGreaterThan(trail[0].Sequence);
        trail[0].Timestamp.Year.ShouldBe(2024); // the injected clock, not the machine's
        (await Api.Get("/api/claims/clm-unknown/events")).ShouldBeProblem(404, "id");
        (await Api.Get("/api/claims/steppe/events")).ShouldBeProblem(404, "id"); // a source's stream is not a claim
    }
}

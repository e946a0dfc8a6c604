using System.Text.Json;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// A claim's effects, passages and revisions (<see cref="StoredAsArraysAttribute"/>) are stored as arrays of their values and
/// load whole, from that form and from the objects earlier builds stored; the API still serves objects.
/// </summary>
public sealed class StoredAsArraysTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 9, 30, 0, 250, TimeSpan.Zero);

    private static ClaimDetails Claim(string id) => new()
    {
        Id = id, Subject = "KZ", Statement = "China became Kazakhstan's largest trading partner.", Status = ClaimStatus.Retracted,
        Effects = [new Effect("CN", Dimension.Economic, Direction.Toward, 2), new Effect("RU", Dimension.Economic, Direction.Away, 1)],
        ValidTime = "2023", Confidence = 0.6, Origin = "analyst:ana",
        Sources =
        [
            new ClaimEvidence("steppe", "extracted", 0, 10, "China beca", "steppe", "ana", At),
            new ClaimEvidence("astana", "corroborated", 4, 9, "a \"quote\"", "astana times", "bo", At.AddHours(1)),
        ],
        IndependentSourceCount = 2, RecordedBy = "ana", RecordedAt = At, UpdatedAt = At.AddDays(2), Version = 4, Powers = ["CN", "RU"],
        Dimensions = [Dimension.Economic], SourceIds = ["steppe", "astana"],
        LastReview = new ClaimReview(ReviewDecision.Accepted, "cy", "checked", At.AddDays(1)),
        Reviews = [new ClaimReview(ReviewDecision.Accepted, "cy", "checked", At.AddDays(1))],
        RetractionReason = "withdrawn",
        Revisions =
        [
            new ClaimRevision(At, ClaimStatus.Recorded, 0.8, null, null) { EventType = "claim_extracted", Actor = "ana" },
            new ClaimRevision(At.AddHours(1), ClaimStatus.Recorded, 0.7, null, null) { EventType = "claim_confidence_revised", Actor = "bo", Reason = "one outlet" },
            new ClaimRevision(At.AddDays(1), ClaimStatus.Accepted, 0.7, new ClaimReview(ReviewDecision.Accepted, "cy", "checked", At.AddDays(1)), null)
                { EventType = "claim_reviewed", Actor = "cy", Reason = "checked" },
            new ClaimRevision(At.AddDays(2), ClaimStatus.Retracted, 0.6, new ClaimReview(ReviewDecision.Accepted, "cy", "checked", At.AddDays(1)), "withdrawn")
                { EventType = "claim_retracted", Actor = "ana", Reason = "withdrawn", SupersededBy = "clm-newer", MergedInto = "clm-main" },
        ],
    };

    /// <summary>What a reader of the claim gets: what the API serves, and the revisions, which it does not.</summary>
    private static string Loaded(ClaimDetails? claim) =>
        JsonSerializer.Serialize(claim, LedgerJson.Wire) + " " + JsonSerializer.Serialize(claim?.Revisions);

    [Fact]
    public async Task a_claims_effects_passages_and_revisions_are_stored_as_values_load_whole_and_are_served_as_objects()
    {
        var (stored, set) = (Claim("clm-arrays-stored"), Claim("clm-arrays-set"));
        await using (var session = Fixture.Store.LightweightSession())
        {
            // One through Marten's own upsert (the inline projection's), one through the set upsert (bulk ingest's).
            session.Store(stored);
            ClaimDetails.Rows.Queue(session, [set]);
            await session.SaveChangesAsync();
        }

        foreach (var claim in new[] { stored, set })
        {
            var json = await Fixture.ScalarAsync<string>(
                $"select jsonb_build_array(data -> 'effects', data -> 'sources', data -> 'revisions')::text from {DocumentTable.Of<ClaimDetails>(Fixture.Store)} where id = '{claim.Id}'");
            JsonSerializer.Serialize(JsonDocument.Parse(json!).RootElement).ShouldBe(
                """[[["CN","Economic","Toward",2],["RU","Economic","Away",1]],"""
                + """[["steppe","extracted",0,10,"China beca","steppe","ana","2024-03-01T09:30:00.25Z"],"""
                + """["astana","corroborated",4,9,"a \u0022quote\u0022","astana times","bo","2024-03-01T10:30:00.25Z"]],"""
                + """[["2024-03-01T09:30:00.25Z","Recorded",0.8,"claim_extracted","ana"],"""
                + """["2024-03-01T10:30:00.25Z","Recorded",0.7,"claim_confidence_revised","bo","one outlet"],"""
                + """["2024-03-02T09:30:00.25Z","Accepted",0.7,"claim_reviewed","cy","checked",{"actor":"cy","reason":"checked","decision":"Accepted","recordedAt":"2024-03-02T09:30:00.25\u002B00:00"}],"""
                + """["2024-03-03T09:30:00.25Z","Retracted",0.6,"claim_retracted","ana","withdrawn",{"actor":"cy","reason":"checked","decision":"Accepted","recordedAt":"2024-03-02T09:30:00.25\u002B00:00"},"withdrawn","clm-newer","clm-main"]]]""");
        }

        await using var query = Fixture.Store.QuerySession();
        foreach (var claim in new[] { stored, set }) Loaded(await query.LoadAsync<ClaimDetails>(claim.Id)).ShouldBe(Loaded(claim));
        var served = await Api.Get($"/api/claims/{set.Id}");
        served.Code.ShouldBe(200, served.Body);
        using var body = JsonDocument.Parse(served.Body);
        body.RootElement.GetProperty("effects")[1].GetProperty("direction").GetString().ShouldBe("away");
        body.RootElement.GetProperty("sources")[1].GetProperty("quote").GetString().ShouldBe("a \"quote\"");
        body.RootElement.GetProperty("sources")[1].GetProperty("recordedAt").GetDateTimeOffset().ShouldBe(At.AddHours(1));
    }

    [Fact]
    public async Task a_claim_stored_by_an_earlier_build_with_objects_loads_the_same()
    {
        await Fixture.Store.Storage.Database.EnsureStorageExistsAsync(typeof(ClaimDetails));
        const string review = """{"actor": "cy", "reason": "checked", "decision": "Accepted", "recordedAt": "2024-03-02T09:30:00.25+00:00"}""";
        await Fixture.ExecuteSqlAsync($$"""
            insert into {{DocumentTable.Of<ClaimDetails>(Fixture.Store)}} (id, data, subject, recorded_at)
            values ('clm-arrays-earlier', '{"id": "clm-arrays-earlier", "subject": "KZ", "statement": "China became Kazakhstan''s largest trading partner.",
              "status": "Retracted", "validTime": "2023", "confidence": 0.6, "origin": "analyst:ana", "independentSourceCount": 2, "recordedBy": "ana",
              "recordedAt": "2024-03-01T09:30:00.25+00:00", "updatedAt": "2024-03-03T09:30:00.25+00:00", "version": 4, "powers": ["CN", "RU"],
              "dimensions": ["Economic"], "sourceIds": ["steppe", "astana"], "lastReview": {{review}}, "reviews": [{{review}}], "retractionReason": "withdrawn",
              "effects": [{"power": "CN", "strength": 2, "dimension": "Economic", "direction": "Toward"},
                          {"power": "RU", "strength": 1, "dimension": "Economic", "direction": "Away"}],
              "sources": [{"end": 10, "role": "extracted", "actor": "ana", "quote": "China beca", "start": 0, "sourceId": "steppe",
                             "recordedAt": "2024-03-01T09:30:00.25+00:00", "independenceKey": "steppe"},
                          {"end": 9, "role": "corroborated", "actor": "bo", "quote": "a \"quote\"", "start": 4, "sourceId": "astana",
                             "recordedAt": "2024-03-01T10:30:00.25+00:00", "independenceKey": "astana times"}],
              "revisions": [{"actor": "ana", "status": "Recorded", "eventType": "claim_extracted", "confidence": 0.8, "recordedAt": "2024-03-01T09:30:00.25+00:00"},
                {"actor": "bo", "reason": "one outlet", "status": "Recorded", "eventType": "claim_confidence_revised", "confidence": 0.7,
                   "recordedAt": "2024-03-01T10:30:00.25+00:00"},
                {"actor": "cy", "reason": "checked", "status": "Accepted", "eventType": "claim_reviewed", "confidence": 0.7, "lastReview": {{review}},
                   "recordedAt": "2024-03-02T09:30:00.25+00:00"},
                {"actor": "ana", "reason": "withdrawn", "status": "Retracted", "eventType": "claim_retracted", "confidence": 0.6, "lastReview": {{review}},
                   "mergedInto": "clm-main", "recordedAt": "2024-03-03T09:30:00.25+00:00", "supersededBy": "clm-newer", "retractionReason": "withdrawn"}]}',
              'KZ', '2024-03-01T09:30:00.25Z')
            """);

        await using var query = Fixture.Store.QuerySession();
        var loaded = await query.LoadAsync<ClaimDetails>("clm-arrays-earlier");
        var expected = Claim("clm-arrays-earlier");
        Loaded(loaded).ShouldBe(Loaded(expected));
    }
}

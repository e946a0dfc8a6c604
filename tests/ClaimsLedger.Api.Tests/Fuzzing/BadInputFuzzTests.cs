using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// Property: whatever body arrives, the API answers below 500, every 4xx is an RFC 9457 problem, and
/// nothing is half-written. Bodies are mutations of valid requests (so they get past the parser and
/// reach validation) plus junk. A failure prints a CsCheck seed that replays it.
/// </summary>
public sealed class BadInputFuzzTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly Gen<JsonNode?> Junk = Gen.OneOf(
        Gen.Const((JsonNode?)null),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Double.Select(d => double.IsFinite(d) ? (JsonNode?)JsonValue.Create(d) : JsonValue.Create(0)),
        Gen.String[0, 300].Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b)),
        Gen.Const((JsonNode?)new JsonArray(1, "x", null)),
        Gen.Const((JsonNode?)new JsonObject { ["nested"] = new JsonObject() }),
        Gen.Long.Select(l => (JsonNode?)JsonValue.Create(l)),
        Gen.OneOf<string>("KZ", "CENTRAL_ASIA", "toward", "away", "economic", "2023/2022", "9999-99", "", " ", "A", "F", "accepted")
            .Select(s => (JsonNode?)JsonValue.Create(s)));

    private static Gen<string> Mutated(JsonObject valid) =>
        Gen.Select(Gen.Int[0, valid.Count], Junk, Gen.Bool, (index, junk, drop) =>
        {
            var body = (JsonObject)valid.DeepClone();
            var key = index < body.Count ? body.ElementAt(index).Key : "unexpected";
            if (drop && index < body.Count) body.Remove(key);
            else body[key] = junk?.DeepClone();
            return body.ToJsonString();
        });

    private static readonly Gen<string> Garbage = Gen.OneOf(
        Gen.String[0, 200],
        Gen.Const("null"), Gen.Const("[]"), Gen.Const("{"), Gen.Const("{\"a\":"), Gen.Const(new string('[', 500) + new string(']', 500)));

    [Fact]
    public async Task no_body_sent_to_a_write_endpoint_causes_a_5xx_or_a_partial_write()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claimId = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        var validClaim = (JsonObject)JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Samples.KazakhTradeClaim("steppe"),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!;
        var targets = new (string Path, JsonObject Valid)[]
        {
            ("/api/claims", validClaim),
            ("/api/sources", new JsonObject { ["title"] = "t", ["carrier"] = "c", ["published"] = "2024", ["text"] = "fuzz text", ["reliability"] = "B" }),
            ($"/api/claims/{claimId}/confidence", new JsonObject { ["confidence"] = 0.5, ["reason"] = "r", ["expectedVersion"] = 1 }),
            ($"/api/claims/{claimId}/review", new JsonObject { ["decision"] = "accepted", ["reason"] = "r" }),
            ($"/api/claims/{claimId}/corroborations", new JsonObject { ["evidence"] = validClaim["evidence"]!.DeepClone() }),
            ("/api/sources/steppe/reliability", new JsonObject { ["grade"] = "C", ["reason"] = "r" }),
        };
        var gen = Gen.Int[0, targets.Length - 1].SelectMany(t => Gen.Frequency((4, Mutated(targets[t].Valid)), (1, Garbage)).Select(b => (targets[t].Path, Body: b)));

        await gen.SampleAsync(async request =>
        {
            var reply = await Api.Post(request.Path, request.Body);
            if (reply.Code >= 500) return false;
            return reply.Code < 400 || reply.ContentType?.MediaType == "application/problem+json";
        }, iter: 300, threads: 1);

        // Every stream still has gapless versions: no half-written change.
        await using var session = Fixture.Store.QuerySession();
        var gaps = await session.QueryAsync<string>(
            "select stream_id from claimsledger.mt_events group by stream_id having max(version) <> count(*)");
        gaps.ShouldBeEmpty();
    }
}

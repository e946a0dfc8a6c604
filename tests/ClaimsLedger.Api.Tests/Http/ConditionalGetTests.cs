using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>If-None-Match on the reads whose ETag is their stream's version: 304 while the client's copy is current.</summary>
public sealed class ConditionalGetTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_claim_read_with_the_etag_it_was_served_is_304_without_a_body_until_the_claim_changes()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var path = $"/api/claims/{claim.Id}";
        var first = await Api.Get(path);
        var etag = first.Headers.ETag!.Tag;

        var unchanged = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = etag });
        var weak = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = $"\"99\", W/{etag}" });
        var any = await Api.Send(HttpMethod.Head, path, new Dictionary<string, string> { ["If-None-Match"] = "*" });
        var other = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = "\"99\"" });

        foreach (var reply in new[] { unchanged, weak, any })
        {
            reply.Code.ShouldBe(304);
            reply.Body.ShouldBeEmpty();
            reply.Headers.ETag!.Tag.ShouldBe(etag);
        }
        other.Code.ShouldBe(200);
        other.Body.ShouldBe(first.Body);

        (await Api.Post($"{path}/confidence", new { confidence = 0.4, reason = "second look" })).Code.ShouldBe(200);
        var changed = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = etag });
        changed.Code.ShouldBe(200);
        changed.Headers.ETag!.Tag.ShouldNotBe(etag);
        changed.As<ClaimDetails>().Confidence.ShouldBe(0.4);
    }

    // Found by an outside sweep: a claim's JSON and its JSON-LD were served under one ETag, so a cache holding one could
    // revalidate it as the other.
    [Fact]
    public async Task a_claims_json_and_json_ld_carry_etags_of_their_own_and_each_is_304_only_for_its_own()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var path = $"/api/claims/{claim.Id}";
        var json = (await Api.Get(path)).Headers.ETag!.Tag;
        var ld = (await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["Accept"] = "application/ld+json" })).Headers.ETag!.Tag;

        ld.ShouldNotBe(json);
        (await Api.Get($"{path}/prov")).Headers.ETag!.Tag.ShouldBe(ld);
        var jsonWithLdTag = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = ld });
        var ldWithJsonTag = await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = json, ["Accept"] = "application/ld+json" });
        (jsonWithLdTag.Code, jsonWithLdTag.ContentType!.MediaType).ShouldBe((200, "application/json"));
        (ldWithJsonTag.Code, ldWithJsonTag.ContentType!.MediaType).ShouldBe((200, "application/ld+json"));
        (await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = json })).Code.ShouldBe(304);
        (await Api.Send(HttpMethod.Get, path, new Dictionary<string, string> { ["If-None-Match"] = ld, ["Accept"] = "application/ld+json" })).Code.ShouldBe(304);
        (await Api.Send(HttpMethod.Get, $"{path}/prov", new Dictionary<string, string> { ["If-None-Match"] = ld })).Code.ShouldBe(304);

        // The document is more than the claim's version (it names its IRIs by the address it was asked at): its tag is its bytes'.
        var elsewhere = await Api.Send(HttpMethod.Get, $"{path}/prov", new Dictionary<string, string> { ["If-None-Match"] = ld, ["Host"] = "ledger.example.org" });
        elsewhere.Code.ShouldBe(200);
        var other = elsewhere.Headers.ETag!.Tag;
        other.ShouldNotBe(ld);
        // A write's If-Match reads the claim's version from either tag.
        (await Api.Post($"{path}/confidence", new { confidence = 0.4, reason = "second look" }, headers: new Dictionary<string, string> { ["If-Match"] = other }))
            .Code.ShouldBe(200);
        (await Api.Send(HttpMethod.Get, $"{path}/prov", new Dictionary<string, string> { ["If-None-Match"] = ld })).Code.ShouldBe(200);
    }

    [Fact]
    public async Task a_source_read_is_304_for_its_version_and_a_missing_one_is_still_404()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var etag = (await Api.Get("/api/sources/steppe")).Headers.ETag!.Tag;

        (await Api.Send(HttpMethod.Get, "/api/sources/steppe", new Dictionary<string, string> { ["If-None-Match"] = etag })).Code.ShouldBe(304);
        (await Api.Send(HttpMethod.Get, "/api/sources/nowhere", new Dictionary<string, string> { ["If-None-Match"] = "*" })).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task renderings_that_show_other_streams_ignore_if_none_match()
    {
        // A claim's PROV-O shows its sources' grades and standing, which change without the claim's version moving.
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var etag = (await Api.Get($"/api/claims/{claim.Id}")).Headers.ETag!.Tag;

        var prov = await Api.Send(HttpMethod.Get, $"/api/claims/{claim.Id}/prov", new Dictionary<string, string> { ["If-None-Match"] = etag });
        var negotiated = await Api.Send(HttpMethod.Get, $"/api/claims/{claim.Id}",
            new Dictionary<string, string> { ["If-None-Match"] = etag, ["Accept"] = "application/ld+json" });

        prov.Code.ShouldBe(200);
        negotiated.Code.ShouldBe(200);
        negotiated.ContentType!.MediaType.ShouldBe("application/ld+json");
    }
}

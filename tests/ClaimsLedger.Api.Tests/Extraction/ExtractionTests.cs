using System.Text.Json.Nodes;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Extraction;
using Marten;

namespace ClaimsLedger.Api.Tests.Extraction;

public sealed class ExtractionTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly SeedSource Article = SeedCorpus.Read(SeedCorpus.Locate(null)!).Sources
        .Single(s => s.Entry.Id.StartsWith("byline-times", StringComparison.Ordinal));

    [Fact]
    public async Task a_preview_proposes_claims_with_exact_evidence_and_records_nothing()
    {
        var reply = await Api.Post("/api/extraction/preview", new { text = Article.Text, published = "2024-07", language = "en" }, actor: null);

        reply.Code.ShouldBe(200, reply.Body);
        reply.Json["extractor"]!["name"]!.GetValue<string>().ShouldBe(ClaimExtractor.Default.Info.Name);
        reply.Json["extractor"]!["version"]!.GetValue<string>().ShouldBe(ClaimExtractor.Default.Info.Version);
        var claims = reply.Json["claims"]!.AsArray();
        claims.Count.ShouldBeGreaterThan(0);
        foreach (var claim in claims)
        {
            var evidence = claim!["evidence"]!;
            var start = evidence["start"]!.GetValue<int>();
            Article.Text[start..evidence["end"]!.GetValue<int>()].ShouldBe(evidence["quote"]!.GetValue<string>());
        }
        (await EventCount()).ShouldBe(0);
    }

    [Theory]
    [InlineData("""{"text":"","published":"2024"}""", 400, "text")]
    [InlineData("""{"text":"Kazakhstan and China signed a deal.","published":"last July"}""", 400, "published")]
    [InlineData("""{"published":"2024"}""", 400, "text")]
    [InlineData("null", 400, "body")]
    public async Task bad_preview_input_is_a_problem_naming_the_field(string body, int status, string field) =>
        (await Api.Post("/api/extraction/preview", body)).ShouldBeProblem(status, field);

    [Fact]
    public async Task a_text_over_the_extraction_limit_is_413()
    {
        var text = new string('a', 200_001);
        (await Api.Post("/api/extraction/preview", new { text, published = "2024" })).ShouldBeProblem(413, "text");
        (await Api.Post("/api/sources", new { title = "t", carrier = "c", published = "2024", text, extract = true })).ShouldBeProblem(413, "text");
    }

    [Fact]
    public async Task extracted_claims_are_proposed_and_weigh_only_once_accepted()
    {
        var registered = await Register();
        var extraction = registered.Json["extraction"]!;
        extraction["proposed"]!.GetValue<int>().ShouldBeGreaterThan(0, registered.Body);
        await Fixture.WaitForProjectionsAsync();

        var proposed = (await Api.Get($"/api/claims?status=proposed&sourceId={Article.Entry.Id}&pageSize=200")).Json["items"]!.AsArray();
        proposed.Count.ShouldBe(extraction["proposed"]!.GetValue<int>());
        // The origin pins the rules and vocabulary that extracted the claim (the version carries their content hash).
        var origin = $"extractor:{ClaimExtractor.Default.Info.Name}@{ClaimExtractor.Default.Info.Version}";
        proposed.ShouldAllBe(c => c!["origin"]!.GetValue<string>() == origin);
        var first = proposed[0]!;
        var subject = first["subject"]!.GetValue<string>();
        (await Contributors(subject)).ShouldNotContain(first["id"]!.GetValue<string>());

        await Api.Post($"/api/claims/{first["id"]}/review", new { decision = "accepted", reason = "Checked against the text." });
        await Fixture.WaitForProjectionsAsync();
        (await Contributors(subject)).ShouldContain(first["id"]!.GetValue<string>());

        if (proposed.Count > 1)
        {
            var second = proposed[1]!;
            await Api.Post($"/api/claims/{second["id"]}/review", new { decision = "rejected", reason = "Misread." });
            await Fixture.WaitForProjectionsAsync();
            (await Contributors(second["subject"]!.GetValue<string>())).ShouldNotContain(second["id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task extracting_the_same_source_twice_records_nothing_new()
    {
        await Register();
        var events = await EventCount();

        var again = await Register();

        again.Code.ShouldBe(200, again.Body);
        again.Json["extraction"]!["proposed"]!.GetValue<int>().ShouldBe(0);
        (await EventCount()).ShouldBe(events);
    }

    private async Task<Reply> Register()
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Article.ToRequest(), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!.AsObject();
        body["extract"] = true;
        foreach (var key in body.Where(p => p.Value is null).Select(p => p.Key).ToList()) body.Remove(key);
        return await Api.Post("/api/sources", body.ToJsonString(), actor: "ingest-bot");
    }

    private async Task<string[]> Contributors(string subject) =>
        (await Api.Get($"/api/alignments/{subject}")).Json["contributions"]!.AsArray().Select(c => c!["claimId"]!.GetValue<string>()).ToArray();

    private async Task<long> EventCount()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Sources;
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
        var preview = reply.As<ExtractionPreview>();
        preview.Extractor.Name.ShouldBe(ClaimExtractor.Default.Info.Name);
        preview.Extractor.Version.ShouldBe(ClaimExtractor.Default.Info.Version);
        preview.Claims.Count.ShouldBeGreaterThan(0);
        foreach (var evidence in preview.Claims.Select(c => c.Evidence))
            Article.Text[evidence.Start..evidence.End].ShouldBe(evidence.Quote);
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
        var extraction = registered.As<SourceView>().Extraction.ShouldNotBeNull();
        extraction.Proposed.ShouldBeGreaterThan(0, registered.Body);
        // The answer's position is the last the request reached, the proposed claims' included, so a read given it sees them.
        await using (var session = Fixture.Store.QuerySession())
        {
            var written = await session.Events.QueryAllRawEvents().ToListAsync();
            var last = written.Where(e => e.StreamKey!.StartsWith("clm-", StringComparison.Ordinal) || e.StreamKey == Article.Entry.Id).Max(e => e.Sequence);
            written.Where(e => e.StreamKey!.StartsWith("clm-", StringComparison.Ordinal)).ShouldNotBeEmpty();
            registered.As<SourceView>().Position.ShouldBe(last);
            registered.Headers.GetValues("X-Ledger-Position").Single().ShouldBe(last.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await Fixture.WaitForProjectionsAsync();

        var proposed = (await Api.Get($"/api/claims?status=proposed&sourceId={Article.Entry.Id}&pageSize=200")).As<Paged<ClaimDetails>>().Items;
        proposed.Count.ShouldBe(extraction.Proposed);
        // The origin pins the rules and vocabulary that extracted the claim (the version carries their content hash).
        var origin = $"extractor:{ClaimExtractor.Default.Info.Name}@{ClaimExtractor.Default.Info.Version}";
        proposed.ShouldAllBe(c => c.Origin == origin);
        var first = proposed[0];
        (await Contributors(first.Subject)).ShouldNotContain(first.Id);

        await Api.Post($"/api/claims/{first.Id}/review", new { decision = "accepted", reason = "Checked against the text." });
        await Fixture.WaitForProjectionsAsync();
        (await Contributors(first.Subject)).ShouldContain(first.Id);

        if (proposed.Count > 1)
        {
            var second = proposed[1];
            await Api.Post($"/api/claims/{second.Id}/review", new { decision = "rejected", reason = "Misread." });
            await Fixture.WaitForProjectionsAsync();
            (await Contributors(second.Subject)).ShouldNotContain(second.Id);
        }
    }

    [Fact]
    public async Task extracting_the_same_source_twice_records_nothing_new()
    {
        await Register();
        var events = await EventCount();

        var again = await Register();

        again.Code.ShouldBe(200, again.Body);
        again.As<SourceView>().Extraction.ShouldNotBeNull().Proposed.ShouldBe(0);
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
        (await Api.Get($"/api/alignments/{subject}")).As<AlignmentView>().Contributions.Select(c => c.ClaimId).ToArray();

    private async Task<long> EventCount()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

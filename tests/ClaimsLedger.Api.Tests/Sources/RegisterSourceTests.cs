using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Time;
using Microsoft.AspNetCore.Http;
using Marten;

namespace ClaimsLedger.Api.Tests.Sources;

public sealed class RegisterSourceTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task registers_a_source_and_serves_it_with_its_text()
    {
        var reply = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe-2024-07-trade"));

        reply.Code.ShouldBe(201, reply.Body);
        reply.Headers.Location!.ToString().ShouldBe("/api/sources/steppe-2024-07-trade");
        var registered = reply.As<SourceView>();
        registered.Reliability.ShouldBe(ReliabilityGrade.B);
        registered.Text.ShouldBeNull();
        var got = await Api.Get("/api/sources/steppe-2024-07-trade");
        got.Code.ShouldBe(200);
        var source = got.As<SourceView>();
        source.Text.ShouldBe(Samples.TradeText);
        source.Published.ShouldBe("2024-07");
        source.PublishedPrecision.ShouldBe(DatePrecision.Month);
        source.RegisteredBy.ShouldBe(LedgerApi.DefaultActor);
        source.Sha256.Length.ShouldBe(64);
    }

    [Fact]
    public async Task the_same_text_again_answers_200_with_the_existing_source_and_appends_nothing()
    {
        var first = await Api.Post("/api/sources", Samples.Source(Samples.TradeText));
        var eventsBefore = await CountEvents();

        var again = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "some-other-id"));

        first.Code.ShouldBe(201);
        again.Code.ShouldBe(200, again.Body);
        again.As<SourceView>().Id.ShouldBe(first.As<SourceView>().Id);
        (await CountEvents()).ShouldBe(eventsBefore);
    }

    [Fact]
    public async Task the_same_id_with_another_text_is_a_conflict()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe-trade"));

        var reply = await Api.Post("/api/sources", Samples.Source(Samples.TradeText + " Corrected.", id: "steppe-trade"));

        reply.ShouldBeProblem(409);
    }

    [Theory]
    [InlineData("clm-f867e60e1c488e720e5f30a5")]
    [InlineData("rebuild-0123")]
    [InlineData("sub-hooks")]
    public async Task a_source_cannot_take_an_id_reserved_for_another_kind_of_stream(string id)
    {
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).Code.ShouldBe(201);

        var squatter = await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: id));

        squatter.ShouldBeProblem(400, "id");
        (await Api.Get($"/api/sources/{id}")).ShouldBeProblem(404);
    }

    [Fact]
    public async Task a_claim_and_a_source_never_share_a_stream()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claimId = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;

        (await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: claimId))).ShouldBeProblem(400, "id");

        var trail = await Api.Get($"/api/claims/{claimId}/events");
        trail.Code.ShouldBe(200, trail.Body);
        trail.As<List<ClaimEventEntry>>().Select(e => e.Type).ShouldBe(["claim_extracted"]);
    }

    [Fact]
    public async Task an_id_is_derived_from_title_and_text_when_none_is_given()
    {
        var reply = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, title: "Kazakh Trade: 2023!"));

        reply.As<SourceView>().Id.ShouldStartWith("kazakh-trade-2023-");
    }

    [Theory]
    [InlineData("published", "July 2024")]
    [InlineData("reliability", "G")]
    [InlineData("url", "ftp://example.org/a")]
    [InlineData("id", "Not A Slug")]
    public async Task an_invalid_field_is_a_400_naming_it(string field, string value)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToNode(Samples.Source(Samples.TradeText),
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;
        body[field] = value;

        var reply = await Api.Post("/api/sources", body.ToJsonString());

        reply.ShouldBeProblem(400, field);
        (await CountEvents()).ShouldBe(0);
    }

    [Fact]
    public async Task missing_required_fields_are_each_named()
    {
        var reply = await Api.Post("/api/sources", new { title = "t" });

        reply.ShouldBeProblem(400, "carrier");
        var errors = reply.As<HttpValidationProblemDetails>().Errors;
        errors.ShouldContainKey("text");
        errors.ShouldContainKey("published");
    }

    [Fact]
    public async Task a_write_without_an_actor_is_refused()
    {
        var reply = await Api.Post("/api/sources", Samples.Source(Samples.TradeText), actor: null);

        reply.ShouldBeProblem(400, "X-Actor");
    }

    [Theory]
    [InlineData("{\"title\": ")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("{\"title\":\"t\",\"unexpected\":1}")]
    public async Task malformed_or_unexpected_json_is_a_400_problem(string body)
    {
        var reply = await Api.Post("/api/sources", body);

        reply.Code.ShouldBe(400, reply.Body);
        reply.ContentType?.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_text_over_the_limit_is_413_and_a_body_over_the_limit_too()
    {
        var longText = new string('x', 2_000_001);
        (await Api.Post("/api/sources", Samples.Source(longText))).ShouldBeProblem(413, "text");

        var hugeBody = "{\"title\":\"" + new string('y', 11 * 1024 * 1024) + "\"}";
        var reply = await Api.Post("/api/sources", hugeBody);
        reply.Code.ShouldBe(413);
        (await CountEvents()).ShouldBe(0);
    }

    [Fact]
    public async Task an_unknown_source_is_a_404_problem()
    {
        (await Api.Get("/api/sources/nope")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task sources_are_listed_in_pages_without_their_text()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "a-source"));
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "b-source"));

        var page = await Api.Get("/api/sources?page=2&pageSize=1");

        page.Code.ShouldBe(200);
        var sources = page.As<Paged<SourceView>>();
        sources.Total.ShouldBe(2);
        sources.Items.Single().Id.ShouldBe("b-source");
        sources.Items[0].Text.ShouldBeNull();
        (await Api.Get("/api/sources?pageSize=1000")).ShouldBeProblem(400, "pageSize");
    }

    private async Task<long> CountEvents()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().CountAsync();
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>The Accept header, read one way everywhere (Http/ContentNegotiation): media types in any case, q-values honoured, q=0 a refusal.</summary>
public sealed class ContentNegotiationTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    // Found by an outside sweep: Wolverine compares Accept's media types exactly, so these writes were 406s.
    [Theory]
    [InlineData("application/JSON")]
    [InlineData("Application/Json; charset=utf-8")]
    [InlineData("text/html;q=0.5, APPLICATION/JSON")]
    [InlineData("application/*")]
    public async Task a_write_accepts_json_however_accept_spells_it(string accept)
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));

        var reply = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), headers: Accept(accept));

        reply.Code.ShouldBe(201, reply.Body);
        reply.ContentType!.MediaType.ShouldBe("application/json");
    }

    [Theory]
    [InlineData("application/json;q=0")]
    [InlineData("*/*;q=0")]
    [InlineData("text/html, application/json;q=0")]
    public async Task an_accept_that_refuses_json_is_a_406_naming_it_on_reads_and_writes_and_records_nothing(string accept)
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var events = await Fixture.EventCountAsync();

        (await Api.Send(HttpMethod.Get, "/api/sources/steppe", Accept(accept))).ShouldBeProblem(406, "Accept");
        (await Api.Send(HttpMethod.Get, "/api/claims", Accept(accept))).ShouldBeProblem(406, "Accept");
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), headers: Accept(accept))).ShouldBeProblem(406, "Accept");
        (await Fixture.EventCountAsync()).ShouldBe(events);
        // A type it does not name at all is disregarded, as before: a read still answers JSON.
        (await Api.Send(HttpMethod.Get, "/api/sources/steppe", Accept("text/html"))).ContentType!.MediaType.ShouldBe("application/json");
    }

    [Theory]
    [InlineData("/api/changes?after=0")]
    [InlineData("/api/alignments/changes")]
    public async Task a_feed_answers_what_accept_prefers_by_quality_and_refuses_an_accept_that_refuses_both(string path)
    {
        var preferred = await HeadersOfAsync(path, "text/event-stream;q=0.1, application/json");
        var live = await HeadersOfAsync(path, "application/json;q=0.5, text/event-stream");

        preferred.ShouldBe("application/json");
        live.ShouldBe("text/event-stream");
        (await Api.Send(HttpMethod.Get, path, Accept("application/json;q=0"))).ShouldBeProblem(406, "Accept");
        (await Api.Send(HttpMethod.Get, path, Accept("*/*;q=0"))).ShouldBeProblem(406, "Accept");
    }

    [Fact]
    public async Task a_report_refuses_an_accept_that_refuses_json_and_names_nothing_else_it_has_unless_format_says()
    {
        (await Api.Send(HttpMethod.Get, "/api/reports/alignment?subjects=KZ", Accept("application/json;q=0"))).ShouldBeProblem(406, "Accept");
        (await Api.Send(HttpMethod.Get, "/api/reports/alignment?subjects=KZ", Accept("application/json;q=0, text/csv"))).ContentType!.MediaType.ShouldBe("text/csv");
        (await Api.Send(HttpMethod.Get, "/api/reports/alignment?subjects=KZ&format=csv", Accept("application/json;q=0"))).Code.ShouldBe(200);
    }

    [Fact]
    public async Task a_claim_is_json_ld_by_quality_then_by_order_and_a_406_when_accept_refuses_both_renderings()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var path = $"/api/claims/{claim.Id}";

        (await Api.Send(HttpMethod.Get, path, Accept("application/ld+json;q=0.5, application/json"))).ContentType!.MediaType.ShouldBe("application/json");
        (await Api.Send(HttpMethod.Get, path, Accept("application/ld+json, application/json"))).ContentType!.MediaType.ShouldBe("application/ld+json");
        (await Api.Send(HttpMethod.Get, path, Accept("*/*"))).ContentType!.MediaType.ShouldBe("application/json");
        (await Api.Send(HttpMethod.Get, path, Accept("application/json;q=0"))).ShouldBeProblem(406, "Accept");
        // The PROV-O document is JSON-LD alone: refusing plain JSON does not refuse it.
        (await Api.Send(HttpMethod.Get, $"{path}/prov", Accept("application/json;q=0"))).ContentType!.MediaType.ShouldBe("application/ld+json");
        (await Api.Send(HttpMethod.Get, $"{path}/prov", Accept("application/ld+json;q=0"))).ShouldBeProblem(406, "Accept");
    }

    private static Dictionary<string, string> Accept(string value) => new() { ["Accept"] = value };

    /// <summary>The media type a GET is answered with, read from its headers alone: a stream of server-sent events never ends.</summary>
    private async Task<string?> HeadersOfAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await Api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        response.Headers.Vary.ShouldContain("Accept");
        return response.Content.Headers.ContentType?.MediaType;
    }
}

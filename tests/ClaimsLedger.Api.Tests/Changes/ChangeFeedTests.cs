using Microsoft.AspNetCore.Http;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Changes;

public sealed class ChangeFeedTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_feed_serves_every_event_in_order_with_who_why_and_data_and_pages_by_its_next_cursor()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "corr-1" }))
            .As<RecordClaimResult>();
        var revised = await Api.Post($"/api/claims/{claim.Id}/confidence", new { confidence = 0.4, reason = "Doubts about the customs data." }, "ana@example.org");
        var last = revised.As<ClaimDetails>().Position!.Value;

        var entries = new List<JsonNode>();
        string? after = "0";
        var pages = 0;
        while (after is not null)
        {
            var page = (await Api.Get($"/api/changes?after={after}&limit=2&minPosition={last}")).Json;
            entries.AddRange(page["items"]!.AsArray().Select(e => e!));
            after = page["next"]?.ToString();
            page["position"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(last);
            pages++;
        }

        pages.ShouldBe(3);   // 2 + 2 + 0: the last full page still offers a next
        entries.Select(e => e["type"]!.GetValue<string>()).ShouldBe(["source_registered", "source_reliability_graded", "claim_extracted", "claim_confidence_revised"]);
        entries.Select(e => e["position"]!.GetValue<long>()).ShouldBeInOrder(SortDirection.Ascending);
        entries[^1]["position"]!.GetValue<long>().ShouldBe(last);
        var extracted = entries[2];
        (extracted["stream"]!.GetValue<string>(), extracted["actor"]!.GetValue<string>(), extracted["correlationId"]!.GetValue<string>())
            .ShouldBe((claim.Id, LedgerApi.DefaultActor, "corr-1"));
        extracted["data"]!["subject"]!.GetValue<string>().ShouldBe("KZ");
        (entries[3]["actor"]!.GetValue<string>(), entries[3]["reason"]!.GetValue<string>()).ShouldBe(("ana@example.org", "Doubts about the customs data."));
        DateTimeOffset.Parse(entries[3]["timestamp"]!.GetValue<string>()).ShouldBeGreaterThan(DateTimeOffset.Parse(entries[0]["timestamp"]!.GetValue<string>()));
    }

    [Fact]
    public async Task types_and_streams_narrow_the_feed()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();

        var claims = await Types($"/api/changes?streams=clm-*&minPosition={claim.Position}");
        var registrations = await Types($"/api/changes?types=source_registered&minPosition={claim.Position}");
        var one = await Types($"/api/changes?streams=yerevan,{claim.Id}&types=source_registered,claim_extracted&minPosition={claim.Position}");

        claims.ShouldBe(["claim_extracted"]);
        registrations.ShouldBe(["source_registered", "source_registered"]);
        one.ShouldBe(["source_registered", "claim_extracted"]);
    }

    [Fact]
    public async Task subscriptions_are_not_in_the_feed_and_the_end_has_no_next()
    {
        var subscription = await Api.Post("/api/subscriptions", new { url = "https://hooks.example.org/a" }, "ops@example.org");
        var position = subscription.Json["position"]!.GetValue<long>();

        var page = (await Api.Get($"/api/changes?minPosition={position}")).As<ChangePage>();

        page.Items.ShouldBeEmpty();
        page.Next.ShouldBeNull();
        page.Position.ShouldBeGreaterThanOrEqualTo(position);
    }

    [Fact]
    public async Task a_failed_appends_tombstone_is_neither_in_the_feed_nor_an_old_reports_last_sequence()
    {
        var first = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<ClaimsLedger.Api.Sources.SourceView>().Position!.Value;
        var then = Fixture.Clock.GetUtcNow();
        var tombstone = await Tombstones.InsertAsync(Fixture.ConnectionString);
        var last = (await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan"))).As<ClaimsLedger.Api.Sources.SourceView>().Position!.Value;

        var page = (await Api.Get($"/api/changes?after={first - 1}&minPosition={last}")).As<ChangePage>();
        var one = (await Api.Get($"/api/changes?after={tombstone - 1}&limit=1&minPosition={last}")).As<ChangePage>();
        var report = (await Api.Get($"/api/reports/alignment?subjects=KZ&format=json&asOf={ClaimsLedger.Api.Tests.Reports.ReportLedger.At(then)}")).As<ClaimsLedger.Api.Reports.AlignmentReport>();

        tombstone.ShouldBeInRange(first + 1, last - 1);
        page.Items.Select(e => e.Type).ShouldNotContain("tombstone");
        page.Items.Select(e => e.Position).ShouldNotContain(tombstone);
        one.Items.ShouldHaveSingleItem().Position.ShouldBeGreaterThan(tombstone);
        report.LastSequence.ShouldBe(first);
    }

    [Fact]
    public async Task bad_parameters_are_400s_naming_each()
    {
        var reply = await Api.Get("/api/changes?after=soon&limit=5000&types=claim_extracted,nonsense&streams=cl*m");

        reply.ShouldBeProblem(400, "after");
        reply.As<HttpValidationProblemDetails>().Errors.Keys.ShouldBe(["after", "limit", "types", "streams"], ignoreOrder: true);
    }

    private async Task<List<string>> Types(string path)
    {
        var reply = await Api.Get(path);
        reply.Code.ShouldBe(200, reply.Body);
        return reply.Json["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
    }
}

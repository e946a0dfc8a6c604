using System.Text.Json;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class ListClaimsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task filters_by_subject_power_dimension_status_and_source()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", carrier: "Yerevan Daily"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        var am = JsonSerializer.SerializeToNode(new
        {
            subject = "AM", statement = "Armenia froze its participation in the CSTO.",
            effects = new[] { new { power = "RU", dimension = "security", direction = "away", strength = 3 } },
            evidence = Samples.Evidence("yerevan", Samples.ArmeniaText, "Yerevan froze its participation in the Russian-led security bloc"),
        }, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var amId = (await Api.Post("/api/claims", am.ToJsonString())).As<RecordClaimResult>().Id;
        await Api.Post($"/api/claims/{amId}/review", new { decision = "rejected", reason = "Overstated." });

        (await Ids("/api/claims?subject=KZ")).ShouldBe([kz]);
        (await Ids("/api/claims?power=RU")).ShouldBe([kz, amId]);
        (await Ids("/api/claims?dimension=security")).ShouldBe([amId]);
        (await Ids("/api/claims?status=rejected")).ShouldBe([amId]);
        (await Ids("/api/claims?sourceId=steppe")).ShouldBe([kz]);
        (await Ids("/api/claims?power=CN&dimension=security")).ShouldBeEmpty();
        var paged = (await Api.Get("/api/claims?pageSize=1&page=2")).As<Paged<ClaimDetails>>();
        paged.Total.ShouldBe(2);
        paged.Items.Single().Id.ShouldBe(amId);
    }

    [Theory]
    [InlineData("subject=Kazakhstan", "subject")]
    [InlineData("power=russia", "power")]
    [InlineData("dimension=military", "dimension")]
    [InlineData("status=pending", "status")]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", null)]
    public async Task bad_filters_are_400_naming_the_parameter(string query, string? field)
    {
        (await Api.Get($"/api/claims?{query}")).ShouldBeProblem(400, field);
    }

    private async Task<string[]> Ids(string path)
    {
        var reply = await Api.Get(path);
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<Paged<ClaimDetails>>().Items.Select(c => c.Id).ToArray();
    }
}

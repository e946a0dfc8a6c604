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

    [Fact]
    public async Task a_subjects_pages_hold_its_claims_oldest_first_each_with_the_subjects_total()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", carrier: "Yerevan Daily"));
        var kz = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            kz.Add((await Api.Post("/api/claims", new
            {
                subject = "KZ", statement = $"China became Kazakhstan's largest trading partner (reading {i}).",
                effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 2 } },
                evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            })).As<RecordClaimResult>().Id);
            if (i == 3)
                await Api.Post("/api/claims", new
                {
                    subject = "AM", statement = "Armenia froze its participation in the CSTO.",
                    effects = new[] { new { power = "RU", dimension = "security", direction = "away", strength = 3 } },
                    evidence = Samples.Evidence("yerevan", Samples.ArmeniaText, "Yerevan froze its participation in the Russian-led security bloc"),
                });
        }

        var pages = new List<Paged<ClaimDetails>>();
        for (var page = 1; page <= 4; page++) pages.Add((await Api.Get($"/api/claims?subject=KZ&page={page}&pageSize=3")).As<Paged<ClaimDetails>>());
        pages.Select(p => string.Join(',', p.Items.Select(c => c.Id))).ShouldBe(
            [string.Join(',', kz.Take(3)), string.Join(',', kz.Skip(3).Take(3)), kz[6], ""]);
        pages.ShouldAllBe(p => p.Total == 7 && p.PageSize == 3);
        pages[1].Items[0].Statement.ShouldBe("China became Kazakhstan's largest trading partner (reading 3).");

        // The subject's own (prepared) read and the filtered one agree, claim for claim, field for field.
        for (var page = 1; page <= 4; page++)
            (await Api.Get($"/api/claims?subject=KZ&page={page}&pageSize=3")).Body
                .ShouldBe((await Api.Get($"/api/claims?subject=KZ&power=CN&page={page}&pageSize=3")).Body);
        (await Api.Get("/api/claims?subject=KG")).As<Paged<ClaimDetails>>().ShouldSatisfyAllConditions(
            p => p.Items.ShouldBeEmpty(), p => p.Total.ShouldBe(0));
    }

    [Fact]
    public async Task the_filters_follow_each_claims_changes_and_claims_stored_before_the_filter_keys_get_them_at_start()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", carrier: "Yerevan Daily"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        (await Ids("/api/claims?power=US")).ShouldBeEmpty();
        await Api.Post($"/api/claims/{kz}/corroborations", new { evidence = Samples.Evidence("yerevan", Samples.ArmeniaText, "Yerevan froze") });
        await Api.Post($"/api/claims/{kz}/recoding", new
        {
            effects = new[] { new { power = "US", dimension = "security", direction = "toward", strength = 1 } }, reason = "Recoded on a second reading.",
        });
        await Api.Post($"/api/claims/{kz}/review", new { decision = "accepted", reason = "Checked against customs data." });

        async Task FiltersFollowTheClaim()
        {
            (await Ids("/api/claims?power=US&dimension=security&sourceId=yerevan&status=accepted")).ShouldBe([kz]);
            (await Ids("/api/claims?subject=KZ&sourceId=steppe")).ShouldBe([kz]);
            (await Ids("/api/claims?power=CN")).ShouldBeEmpty();
            (await Ids("/api/claims?dimension=economic")).ShouldBeEmpty();
            (await Ids("/api/claims?status=recorded")).ShouldBeEmpty();
        }
        await FiltersFollowTheClaim();
        (await Api.Get($"/api/claims/{kz}")).Body.ShouldNotContain("filterKeys", Case.Insensitive);

        // A ledger stored before the keys existed: Marten adds the column filled from the JSON, which has no keys (empty; null
        // had it not filled it), until the start-up backfill derives them from the JSON's lists.
        foreach (var missing in new[] { "'{}'", "null" })
        {
            await using (var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString))
            {
                await connection.OpenAsync();
                await using var clear = new Npgsql.NpgsqlCommand($"update claimsledger.mt_doc_claimdetails set {ClaimFilterKeys.Column} = {missing}", connection);
                (await clear.ExecuteNonQueryAsync()).ShouldBe(1);
            }
            (await Ids("/api/claims?power=US")).ShouldBeEmpty();
            await ClaimFilterKeys.BackfillAsync(Fixture.Store, CancellationToken.None);
            await FiltersFollowTheClaim();
        }
    }

    [Theory]
    [InlineData("subject=Kazakhstan", "subject")]
    [InlineData("power=russia", "power")]
    [InlineData("dimension=military", "dimension")]
    [InlineData("status=pending", "status")]
    // Enum.TryParse ORed a comma list (proposed|accepted is rejected), and a repeated parameter arrives as one.
    [InlineData("status=proposed,accepted", "status")]
    [InlineData("status=recorded,merged", "status")]
    [InlineData("status=recorded&status=merged", "status")]
    [InlineData("status=merged&status=merged", "status")]
    [InlineData("status=%20recorded", "status")]
    [InlineData("status=3", "status")]
    [InlineData("status=MERGED", "status")]
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

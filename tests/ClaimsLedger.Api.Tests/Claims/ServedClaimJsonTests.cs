using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Admin;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>
/// Claim pages and reads of the current claim are their rows' served JSON (<see cref="ServedClaimJson"/>), rendered as each
/// row is written: what they serve must be the claim's document as the API writes it, whichever way the row was last written.
/// </summary>
public sealed class ServedClaimJsonTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Claims = "claimsledger.mt_doc_claimdetails";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await GeneratedHistory.WriteAsync(Api, 60);
        // What the generated history lacks: a figure, a second passage, disputes with and without evidence.
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.SyndicatedTradeText, id: "repost", carrier: "Wire"));
        var claim = JsonSerializer.SerializeToNode(Samples.KazakhTradeClaim("steppe"), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        claim["quantity"] = new JsonObject { ["value"] = 1.50m, ["unit"] = "share" };
        var id = (await Api.Post("/api/claims", claim)).As<RecordClaimResult>().Id;
        (await Api.Post($"/api/claims/{id}/corroborations", new { evidence = Samples.Evidence("repost", Samples.SyndicatedTradeText, "overtaking Russia") }))
            .Code.ShouldBe(200);
        (await Api.Post($"/api/claims/{id}/contestations", new { reason = "Re-exports inflate it." })).Code.ShouldBe(200);
        (await Api.Post($"/api/claims/{id}/contestations",
            new { reason = "Other figures.", evidence = Samples.Evidence("steppe", Samples.TradeText, "Moscow's share of Kazakh imports fell to a third") })).Code.ShouldBe(200);
    }

    /// <summary>
    /// Every claim, each page of every subject (held or not) and of a filtered list: each item is what GET /api/claims/{id}
    /// answers, and that is the claim's document as the API writes it, with the document's version as its ETag.
    /// </summary>
    private async Task<int> PagesServeWhatEachClaimReads()
    {
        var checkedItems = 0;
        foreach (var list in new[] { "subject=KZ", "subject=KG", "subject=UZ", "subject=AM", "subject=AZ", "power=CN", "" })
        {
            for (var page = 1; ; page++)
            {
                var items = JsonNode.Parse((await Api.Get($"/api/claims?{list}&page={page}&pageSize=7")).Body)!["items"]!.AsArray();
                if (items.Count == 0) break;
                foreach (var item in items)
                {
                    var id = item!["id"]!.GetValue<string>();
                    var read = await Api.Get($"/api/claims/{id}");
                    JsonNode.DeepEquals(item, JsonNode.Parse(read.Body)).ShouldBeTrue($"{list} page {page}: {item.ToJsonString()} against {read.Body}");
                    var document = await Document(id);
                    read.Body.ShouldBe(JsonSerializer.Serialize(document, LedgerJson.Wire), id);
                    read.Headers.ETag!.Tag.ShouldBe($"\"{document.Version}\"", id);
                    checkedItems++;
                }
            }
        }
        return checkedItems;
    }

    [Fact]
    public async Task each_rows_served_json_is_what_a_read_of_the_claim_answers()
    {
        var rows = await Rows($"select id, served, served_shape from {Claims}");
        rows.Count.ShouldBe(61);
        foreach (var (id, served, shape) in rows)
        {
            shape.ShouldBe(ServedClaimJson.Shape);
            served.ShouldBe(JsonSerializer.Serialize(await Document(id), LedgerJson.Wire), id);
        }
        (await PagesServeWhatEachClaimReads()).ShouldBeGreaterThan(2 * 61);
    }

    [Fact]
    public async Task a_document_changed_by_other_code_loses_its_served_json_and_is_read_from_the_document_until_rendered_again()
    {
        var id = (await Rows($"select id, served, served_shape from {Claims} where subject = 'KZ' order by id limit 1")).Single().Id;
        await Fixture.ExecuteSqlAsync($"update {Claims} set data = jsonb_set(data, '{{confidence}}', '0.123') where id = '{id}'");

        (await Rows($"select id, served, served_shape from {Claims} where id = '{id}'")).Single()
            .ShouldSatisfyAllConditions(r => r.Served.ShouldBeNull(), r => r.Shape.ShouldBeNull());
        (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>().Confidence.ShouldBe(0.123);   // from the document, not the cleared JSON
        await PagesServeWhatEachClaimReads();

        (await ServedClaimJson.BackfillAsync(Fixture.Store, CancellationToken.None)).ShouldBe(1);
        var read = JsonSerializer.Serialize(await Document(id), LedgerJson.Wire);
        (await Rows($"select id, served, served_shape from {Claims} where id = '{id}'")).Single()
            .ShouldSatisfyAllConditions(r => r.Served.ShouldBe(read), r => r.Shape.ShouldBe(ServedClaimJson.Shape));
        (await ServedClaimJson.BackfillAsync(Fixture.Store, CancellationToken.None)).ShouldBe(0);

        // A write through the claim's events renders it as before.
        (await Api.Post($"/api/claims/{id}/confidence", new { confidence = 0.7, reason = "Checked again." })).Code.ShouldBe(200);
        (await Rows($"select id, served, served_shape from {Claims} where id = '{id}'")).Single().Served
            .ShouldBe(JsonSerializer.Serialize(await Document(id), LedgerJson.Wire));
    }

    [Fact]
    public async Task rows_rendered_by_another_build_or_before_the_column_are_read_from_their_documents_and_rendered_again()
    {
        // Another build's rendering (a member it did not have), rows stored before the column existed, and rows whose JSON
        // was taken away by hand, their shape left.
        await Fixture.ExecuteSqlAsync($"update {Claims} set served = '{{\"stale\": true}}', served_shape = {ServedClaimJson.Shape ^ 1} where subject in ('KZ', 'KG')");
        await Fixture.ExecuteSqlAsync($"update {Claims} set served = null, served_shape = null where subject = 'UZ'");
        await Fixture.ExecuteSqlAsync($"update {Claims} set served = null where subject = 'AM'");
        var stale = (await Rows($"select id, served, served_shape from {Claims} where subject in ('KZ', 'KG', 'UZ')")).Count;
        var unrendered = (await Rows($"select id, served, served_shape from {Claims} where subject = 'AM'")).Count;
        unrendered.ShouldBeGreaterThan(5);
        stale.ShouldBeGreaterThan(20);

        await PagesServeWhatEachClaimReads();

        (await ServedClaimJson.BackfillAsync(Fixture.Store, CancellationToken.None, batch: 7)).ShouldBe(stale + unrendered);
        foreach (var (id, served, shape) in await Rows($"select id, served, served_shape from {Claims}"))
        {
            shape.ShouldBe(ServedClaimJson.Shape);
            served.ShouldBe(JsonSerializer.Serialize(await Document(id), LedgerJson.Wire), id);
        }
    }

    /// <summary>The claim's document as Marten reads it: the oracle the served JSON is held to.</summary>
    private async Task<ClaimDetails> Document(string id)
    {
        await using var session = Fixture.Store.QuerySession();
        return (await session.LoadAsync<ClaimDetails>(id))!;
    }

    private Task<List<(string Id, string? Served, int? Shape)>> Rows(string sql) => Fixture.RowsAsync(sql, reader =>
        (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? (int?)null : reader.GetInt32(2)));
}

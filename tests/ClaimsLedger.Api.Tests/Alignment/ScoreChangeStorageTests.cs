using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>The store writes a history entry's score changes as <c>[power, column, before, after]</c> and reads that and the object earlier builds wrote.</summary>
public sealed class ScoreChangeStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly ScoreChange[] Changes = [new("WEST", "overall", 76.7785m, 76.3385m), new("CN", "economic", 0m, -1.2500m)];

    [Fact]
    public void the_store_writes_score_changes_as_tuples_and_reads_them_and_the_objects_earlier_builds_wrote()
    {
        var serializer = Fixture.Store.Options.Serializer();
        var written = serializer.ToJson(Changes);
        written.ShouldBe("""[["WEST","overall",76.7785,76.3385],["CN","economic",0,-1.2500]]""");
        const string earlier = """
            [{"after": 76.3385, "power": "WEST", "before": 76.7785, "dimension": "overall"},
             {"after": -1.2500, "power": "CN", "before": 0, "dimension": "economic"}]
            """;
        foreach (var json in new[] { written, earlier })
            serializer.FromJson<List<ScoreChange>>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).ShouldBe(Changes);
    }

    [Fact]
    public async Task a_history_page_serves_score_changes_as_objects()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
        var reply = await Api.Get("/api/alignments/KZ/history?pageSize=5");
        reply.Code.ShouldBe(200, reply.Body);
        using var history = System.Text.Json.JsonDocument.Parse(reply.Body);
        var change = history.RootElement.GetProperty("items")[0].GetProperty("changes")[0];
        change.ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Object);
        change.EnumerateObject().Select(p => p.Name).ShouldBe(["power", "dimension", "before", "after"], ignoreOrder: true);
    }
}

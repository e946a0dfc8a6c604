using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>The store writes where a pair disagrees as <c>[power, dimension, first direction]</c>, and reads that and the object earlier builds wrote.</summary>
public sealed class ContradictionConflictStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly ContradictionConflict[] Conflicts =
    [
        new("CN", Dimension.Economic, Direction.Toward, Direction.Away),
        new("RU", Dimension.Security, Direction.Away, Direction.Toward),
    ];

    [Fact]
    public void conflicts_are_stored_as_values_and_read_back_from_them_and_from_the_objects_earlier_builds_wrote()
    {
        var serializer = Fixture.Store.Options.Serializer();
        var written = serializer.ToJson(Conflicts);
        written.ShouldBe("""[["CN","Economic","Toward"],["RU","Security","Away"]]""");
        const string earlier = """
            [{"first": "Toward", "power": "CN", "second": "Away", "dimension": "Economic"},
             {"first": "Away", "power": "RU", "second": "Toward", "dimension": "Security"}]
            """;
        foreach (var json in new[] { written, earlier })
            serializer.FromJson<List<ContradictionConflict>>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).ShouldBe(Conflicts);
    }

    [Fact]
    public void a_second_direction_that_is_not_the_firsts_opposite_is_stored_too()
    {
        var serializer = Fixture.Store.Options.Serializer();
        ContradictionConflict[] odd = [new("CN", Dimension.Energy, Direction.Toward, Direction.Toward), Conflicts[1]];
        var written = serializer.ToJson(odd);
        written.ShouldBe("""[["CN","Energy","Toward","Toward"],["RU","Security","Away"]]""");
        serializer.FromJson<List<ContradictionConflict>>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(written))).ShouldBe(odd);
    }
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>
/// The store writes a publication step as <c>[publishedBy, contribution]</c> and reads that and the object earlier builds
/// wrote, in .NET and in SQL alike.
/// </summary>
public sealed class PublicationStepStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Compact = """[["2018-05-01Z", 0.7800], ["2019-07-01T12:30:00.25Z", -1.32]]""";
    private const string CompactWithTimes = """[["2018-05-01T00:00:00Z", 0.7800], ["2019-07-01T12:30:00.25Z", -1.32]]""";
    private const string Earlier = """[{"publishedBy": "2018-05-01T00:00:00+00:00", "contribution": 0.7800}, {"publishedBy": "2019-07-01T14:30:00.25+02:00", "contribution": -1.32}]""";

    private static readonly PublicationStep[] Steps =
    [
        new(new DateTimeOffset(2018, 5, 1, 0, 0, 0, TimeSpan.Zero), 0.7800m),
        new(new DateTimeOffset(2019, 7, 1, 12, 30, 0, 250, TimeSpan.Zero), -1.32m),
    ];

    [Fact]
    public void the_store_writes_steps_as_pairs_and_reads_them_and_the_objects_earlier_builds_wrote()
    {
        var serializer = Fixture.Store.Options.Serializer();
        // A day's start as the day alone (StoredInstant); as the fifty-sixth round wrote it, and as objects earlier still.
        serializer.ToJson(Steps).ShouldBe("""[["2018-05-01Z",0.7800],["2019-07-01T12:30:00.25Z",-1.32]]""");
        foreach (var json in new[] { Compact, CompactWithTimes, Earlier })
            serializer.FromJson<List<PublicationStep>>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).ShouldBe(Steps);
        // The scale a value was written with is kept, as before.
        serializer.FromJson<List<PublicationStep>>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Compact)))[0].Contribution.ToString().ShouldBe("0.7800");
    }

    [Fact]
    public async Task sql_reads_a_steps_instant_and_contribution_in_either_form()
    {
        foreach (var steps in new[] { Compact, CompactWithTimes, Earlier })
        {
            var read = await Fixture.RowsAsync($"""
                set time zone 'Asia/Almaty';
                select {PublicationStepStorage.PublishedBySql("e.step")}, {PublicationStepStorage.ContributionSql("e.step")}
                from jsonb_array_elements('{steps}'::jsonb) with ordinality as e(step, n) order by e.n
                """, r => new PublicationStep(r.GetFieldValue<DateTimeOffset>(0), r.GetDecimal(1)));
            read.ShouldBe(Steps);
        }
    }
}

using System.Text;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>
/// The store writes a pair as its values, the optional ones only up to the last that is set, and reads that and the object
/// earlier builds wrote.
/// </summary>
public sealed class ContradictionStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset Detected = new(2024, 3, 1, 9, 30, 0, 123, TimeSpan.Zero);

    private static Contradiction Pair() => new()
    {
        ClaimIds = ["clm-a", "clm-b"], DetectedAt = Detected,
        Conflicts = [new ContradictionConflict("CN", Dimension.Economic, Direction.Toward, Direction.Away)],
    };

    /// <summary>What a reader of a pair's JSON gets from it (its columns are read apart): each member the document stores.</summary>
    private static string Read(Contradiction p) =>
        $"{string.Join(",", p.ClaimIds)} {string.Join(",", p.Conflicts)} {p.DetectedAt:O} {p.UpdatedAt:O} {p.Version} {p.Resolution}";

    [Fact]
    public void a_pair_is_stored_as_its_values_up_to_the_last_one_set_and_read_back_whole()
    {
        var serializer = Fixture.Store.Options.Serializer();
        var standing = Pair();
        var stopped = Pair();
        stopped.UpdatedAt = Detected.AddDays(2);
        var resolved = Pair();
        resolved.Version = 1;
        resolved.Resolution = new ContradictionResolution("clm-b", "ana", "the later census", Detected.AddDays(1));
        resolved.UpdatedAt = Detected.AddDays(1);
        var resolvedAtDetection = Pair();
        resolvedAtDetection.Version = 2;

        serializer.ToJson(standing).ShouldBe("""["clm-a","clm-b",[["CN","Economic","Toward"]],"2024-03-01T09:30:00.123Z"]""");
        serializer.ToJson(stopped).ShouldBe("""["clm-a","clm-b",[["CN","Economic","Toward"]],"2024-03-01T09:30:00.123Z","2024-03-03T09:30:00.123Z"]""");
        serializer.ToJson(resolvedAtDetection).ShouldBe("""["clm-a","clm-b",[["CN","Economic","Toward"]],"2024-03-01T09:30:00.123Z",null,2]""");
        serializer.ToJson(resolved).ShouldStartWith("""["clm-a","clm-b",[["CN","Economic","Toward"]],"2024-03-01T09:30:00.123Z","2024-03-02T09:30:00.123Z",1,{""");
        foreach (var pair in new[] { standing, stopped, resolved, resolvedAtDetection })
            Read(FromJson(serializer.ToJson(pair))).ShouldBe(Read(pair));
    }

    [Fact]
    public void a_pair_stored_as_an_object_by_an_earlier_build_reads_the_same()
    {
        var resolved = Pair();
        resolved.Version = 1;
        resolved.Resolution = new ContradictionResolution("clm-b", "ana", "the later census", Detected.AddDays(1));
        resolved.UpdatedAt = Detected.AddDays(1);
        const string earlier = """
            {"version": 1, "claimIds": ["clm-a", "clm-b"], "conflicts": [["CN", "Economic", "Toward"]], "updatedAt": "2024-03-02T09:30:00.123+00:00",
             "detectedAt": "2024-03-01T09:30:00.123+00:00",
             "resolution": {"actor": "ana", "reason": "the later census", "recordedAt": "2024-03-02T09:30:00.123+00:00", "winningClaimId": "clm-b"}}
            """;
        Read(FromJson(earlier)).ShouldBe(Read(resolved));
        Read(FromJson("""{"claimIds": ["clm-a", "clm-b"], "conflicts": [["CN", "Economic", "Toward"]], "detectedAt": "2024-03-01T09:30:00.123+00:00"}"""))
            .ShouldBe(Read(Pair()));
    }

    [Fact]
    public void a_pair_needs_two_claims()
    {
        var lonely = Pair();
        lonely.ClaimIds = ["clm-a"];
        Should.Throw<System.Text.Json.JsonException>(() => Fixture.Store.Options.Serializer().ToJson(lonely));
    }

    private Contradiction FromJson(string json) =>
        Fixture.Store.Options.Serializer().FromJson<Contradiction>(new MemoryStream(Encoding.UTF8.GetBytes(json)));
}

using System.Text;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;
using Marten;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>
/// The store writes a pair as its claims, then the optional values only up to the last that is set (its conflicts only where
/// its claims would not give them), and reads that, the fifty-seventh round's array and the object earlier builds wrote.
/// </summary>
public sealed class ContradictionStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset Detected = new(2024, 3, 1, 9, 30, 0, 123, TimeSpan.Zero);
    private static readonly ContradictionConflict Economic = new("CN", Dimension.Economic, Direction.Toward, Direction.Away);

    /// <summary>A pair as the projection writes it: its claims give where it disagrees.</summary>
    private static Contradiction Pair() => new() { ClaimIds = ["clm-a", "clm-b"], StoresConflicts = false, DetectedSequence = 7 };

    /// <summary>What a reader of a pair's JSON gets from it (its columns and detection time are read apart).</summary>
    private static string Read(Contradiction p) =>
        $"{string.Join(",", p.ClaimIds)} {p.StoresConflicts} [{string.Join(",", p.Conflicts)}] {p.StoredUpdatedAt:O} {p.Version} {p.Resolution}";

    private static IEvent At(DateTimeOffset timestamp, long sequence) => new Event<ClaimRetracted>(new ClaimRetracted("clm-a", "ana", "r"))
    {
        Timestamp = timestamp, Sequence = sequence,
    };

    [Fact]
    public void a_pair_is_stored_as_its_claims_and_the_values_up_to_the_last_one_set_and_read_back_whole()
    {
        var serializer = Fixture.Store.Options.Serializer();
        var standing = Pair();
        // Touched by its detecting event only: no update of its own.
        standing.UpdatedBy(At(Detected, 7));
        var stopped = Pair();
        stopped.UpdatedBy(At(Detected.AddDays(2), 9));
        var resolved = Pair();
        resolved.Version = 1;
        resolved.Resolution = new ContradictionResolution("clm-b", "ana", "the later census", Detected.AddDays(1));
        resolved.UpdatedBy(At(Detected.AddDays(1), 8));
        var resolvedAtDetection = Pair();
        resolvedAtDetection.Version = 2;
        var conflictsStored = Pair();
        (conflictsStored.StoresConflicts, conflictsStored.Conflicts) = (true, [Economic]);

        serializer.ToJson(standing).ShouldBe("""["clm-a","clm-b"]""");
        serializer.ToJson(stopped).ShouldBe("""["clm-a","clm-b","2024-03-03T09:30:00.123Z"]""");
        serializer.ToJson(resolvedAtDetection).ShouldBe("""["clm-a","clm-b",null,2]""");
        serializer.ToJson(resolved).ShouldStartWith("""["clm-a","clm-b","2024-03-02T09:30:00.123Z",1,{""");
        serializer.ToJson(conflictsStored).ShouldBe("""["clm-a","clm-b",null,0,null,[["CN","Economic","Toward"]]]""");
        foreach (var pair in new[] { standing, stopped, resolved, resolvedAtDetection, conflictsStored })
            Read(FromJson(serializer.ToJson(pair))).ShouldBe(Read(pair));
    }

    [Fact]
    public void a_pair_stored_by_the_fifty_seventh_round_or_as_an_object_by_an_earlier_build_reads_the_same_with_its_conflicts()
    {
        var resolved = Pair();
        (resolved.StoresConflicts, resolved.Conflicts) = (true, [Economic]);
        resolved.Version = 1;
        resolved.Resolution = new ContradictionResolution("clm-b", "ana", "the later census", Detected.AddDays(1));
        resolved.UpdatedBy(At(Detected.AddDays(1), 8));
        var standing = Pair();
        (standing.StoresConflicts, standing.Conflicts) = (true, [Economic]);

        Read(FromJson("""["clm-a", "clm-b", [["CN", "Economic", "Toward"]], "2024-03-01T09:30:00.123Z", "2024-03-02T09:30:00.123Z", 1, """
                + """{"actor": "ana", "reason": "the later census", "recordedAt": "2024-03-02T09:30:00.123Z", "winningClaimId": "clm-b"}]"""))
            .ShouldBe(Read(resolved));
        Read(FromJson("""["clm-a", "clm-b", [["CN", "Economic", "Toward"]], "2024-03-01T09:30:00.123Z"]""")).ShouldBe(Read(standing));
        const string earlier = """
            {"version": 1, "claimIds": ["clm-a", "clm-b"], "conflicts": [["CN", "Economic", "Toward"]], "updatedAt": "2024-03-02T09:30:00.123+00:00",
             "detectedAt": "2024-03-01T09:30:00.123+00:00",
             "resolution": {"actor": "ana", "reason": "the later census", "recordedAt": "2024-03-02T09:30:00.123+00:00", "winningClaimId": "clm-b"}}
            """;
        Read(FromJson(earlier)).ShouldBe(Read(resolved));
        Read(FromJson("""{"claimIds": ["clm-a", "clm-b"], "conflicts": [["CN", "Economic", "Toward"]], "detectedAt": "2024-03-01T09:30:00.123+00:00"}"""))
            .ShouldBe(Read(standing));
    }

    [Fact]
    public void a_pair_read_without_conflicts_takes_them_from_its_claims_while_it_stands_and_stores_them_only_where_they_would_not()
    {
        var a = ContradictionClaim.Coded("clm-a", "KZ", [new Effect("CN", Dimension.Economic, Direction.Toward, 2), new Effect("RU", Dimension.Energy, Direction.Away, 1)], "2023");
        var b = ContradictionClaim.Coded("clm-b", "KZ", [new Effect("RU", Dimension.Energy, Direction.Toward, 1), new Effect("CN", Dimension.Economic, Direction.Away, 1)], "2023");
        var claims = new Dictionary<string, ContradictionClaim> { ["clm-a"] = a, ["clm-b"] = b };
        var standing = Pair();
        standing.Active = true;
        var stopped = Pair();

        standing.TakeConflictsFrom(claims.GetValueOrDefault);
        stopped.TakeConflictsFrom(claims.GetValueOrDefault);

        standing.Conflicts.ShouldBe([Economic, new ContradictionConflict("RU", Dimension.Energy, Direction.Away, Direction.Toward)]);
        stopped.Conflicts.ShouldBeEmpty();
        (standing.ConflictsNeedStoring(claims.GetValueOrDefault), stopped.ConflictsNeedStoring(claims.GetValueOrDefault)).ShouldBe((false, false));
        standing.Conflicts = [Economic];
        standing.ConflictsNeedStoring(claims.GetValueOrDefault).ShouldBeTrue();
        standing.ConflictsNeedStoring(_ => null).ShouldBeTrue();
        var unprojected = Pair();
        unprojected.Active = true;
        Should.Throw<InvalidOperationException>(() => unprojected.TakeConflictsFrom(_ => null));
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

using System.Reflection;
using System.Text.Json;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// Members marked <see cref="StoredWhenSetAttribute"/> are left out of the store's JSON while null or empty and load as
/// they were; the API still serves them.
/// </summary>
public sealed class StoredWhenSetTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset At = new(2024, 3, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly string[] Optional = ["quantity", "contestations", "lastReview", "reviews", "retractionReason", "recodings", "supersededBy", "mergedInto", "merged"];

    [Fact]
    public void a_marked_member_starts_unset_so_a_member_left_out_loads_as_it_was()
    {
        var marked = typeof(StoredWhenSetAttribute).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(p => p.IsDefined(typeof(StoredWhenSetAttribute))).ToList();
        marked.Select(p => p.Name).ShouldContain(nameof(ClaimDetails.Reviews));
        foreach (var property in marked)
            StoredWhenSetAttribute.IsSet(property.GetValue(Activator.CreateInstance(property.DeclaringType!)))
                .ShouldBeFalse($"{property.DeclaringType!.Name}.{property.Name} starts set, so leaving it out would load something else");
    }

    [Fact]
    public async Task a_claims_unset_members_are_not_stored_yet_it_loads_and_is_served_whole()
    {
        var (plain, full) = (Claim("clm-plain"), Claim("clm-full"));
        full.Quantity = new Quantity(750m, "million USD");
        full.Contestations = [new ClaimContestation(null, null, null, null, "ana", "doubtful", At)];
        full.LastReview = new ClaimReview(ReviewDecision.Rejected, "ana", "no", At);
        full.Reviews = [full.LastReview];
        full.RetractionReason = "withdrawn";
        full.SupersededBy = "clm-newer";
        full.MergedInto = "clm-main";
        full.Merged = [new ClaimMerge("clm-dup", 1, "ana", "same", At)];
        full.Recodings = [new ClaimRecoding("KZ", full.Effects, "2023", "KG", [], null, "ana", "recoded", At)];
        await using (var session = Fixture.Store.LightweightSession())
        {
            // One through Marten's own upsert (the inline projection's), one through the set upsert (bulk ingest's).
            session.Store(plain);
            ClaimDetails.Rows.Queue(session, [full]);
            await session.SaveChangesAsync();
        }

        var rows = await Fixture.RowsAsync($"select id, data::text from {DocumentTable.Of<ClaimDetails>(Fixture.Store)} order by id",
            r => (r.GetString(0), r.GetString(1)));
        var stored = rows.ToDictionary(r => r.Item1, r => JsonDocument.Parse(r.Item2).RootElement.EnumerateObject().Select(p => p.Name).ToList());
        foreach (var member in Optional)
        {
            stored["clm-plain"].ShouldNotContain(member);
            stored["clm-full"].ShouldContain(member);
        }

        await using var query = Fixture.Store.QuerySession();
        foreach (var claim in new[] { plain, full })
        {
            var loaded = await query.LoadAsync<ClaimDetails>(claim.Id);
            JsonSerializer.Serialize(loaded, LedgerJson.Wire).ShouldBe(JsonSerializer.Serialize(claim, LedgerJson.Wire));
        }
        var served = await Api.Get("/api/claims/clm-plain");
        served.Code.ShouldBe(200, served.Body);
        using var body = JsonDocument.Parse(served.Body);
        foreach (var member in Optional) body.RootElement.TryGetProperty(member, out _).ShouldBeTrue(member);
    }

    private static ClaimDetails Claim(string id) => new()
    {
        Id = id, Subject = "KZ", Statement = "China became Kazakhstan's largest trading partner.", Status = ClaimStatus.Recorded,
        Effects = [new Effect("CN", Dimension.Economic, Direction.Toward, 2)], ValidTime = "2023", Confidence = 0.8, Origin = "analyst:ana",
        Sources = [new ClaimEvidence("steppe", "extracted", 0, 10, "China beca", "steppe", "ana", At)], IndependentSourceCount = 1,
        RecordedBy = "ana", RecordedAt = At, UpdatedAt = At, Version = 1, Powers = ["CN"], Dimensions = [Dimension.Economic], SourceIds = ["steppe"],
        Revisions = [],
    };
}

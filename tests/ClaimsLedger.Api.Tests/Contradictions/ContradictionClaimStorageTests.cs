using System.Text.Json;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Contradictions;

/// <summary>
/// The contradiction projection's claims store their effects and supports as arrays of values and their valid time as days,
/// and load those and the forms earlier builds wrote.
/// </summary>
public sealed class ContradictionClaimStorageTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task effects_and_supports_are_stored_as_values_and_load_from_either_form()
    {
        var claim = ContradictionClaim.Coded("clm-new", "KZ", [new Effect("CN", Dimension.Economic, Direction.Toward, 2)], "2023");
        claim.Supports.Add(new ContradictionClaim.Support("steppe", "steppe review"));
        await using (var session = Fixture.Store.LightweightSession())
        {
            ContradictionClaim.Rows.Queue(session, [claim]);
            await session.SaveChangesAsync();
        }
        var table = DocumentTable.Of<ContradictionClaim>(Fixture.Store);
        // As earlier builds wrote a claim: each effect and support an object naming its members.
        await Fixture.ExecuteSqlAsync($$"""
            insert into {{table}} (id, data) values ('clm-earlier', '{"id": "clm-earlier", "status": "Recorded", "subject": "KZ",
              "effects": [{"power": "CN", "strength": 2, "dimension": "Economic", "direction": "Toward"}],
              "supports": [{"sourceId": "steppe", "independenceKey": "steppe review"}],
              "validEnd": "2024-01-01T00:00:00+00:00", "validStart": "2023-01-01T00:00:00+00:00"}')
            """);

        var stored = await Fixture.ScalarAsync<string>($"select data::text from {table} where id = 'clm-new'");
        using (var json = JsonDocument.Parse(stored!))
        {
            json.RootElement.GetProperty("effects").GetRawText().ShouldBe("""[["CN", "Economic", "Toward", 2]]""");
            json.RootElement.GetProperty("supports").GetRawText().ShouldBe("""[["steppe", "steppe review"]]""");
            (json.RootElement.GetProperty("validStart").GetString(), json.RootElement.GetProperty("validEnd").GetString()).ShouldBe(("2023-01-01Z", "2024-01-01Z"));
        }
        await using var query = Fixture.Store.QuerySession();
        foreach (var id in new[] { "clm-new", "clm-earlier" })
        {
            var loaded = (await query.LoadAsync<ContradictionClaim>(id)).ShouldNotBeNull();
            loaded.Effects.ShouldBe(claim.Effects);
            loaded.Supports.ShouldBe(claim.Supports);
            (loaded.ValidStart, loaded.ValidEnd).ShouldBe((claim.ValidStart, claim.ValidEnd));
            (loaded.Subject, loaded.ValidStart, loaded.ValidEnd).ShouldBe((claim.Subject, claim.ValidStart, claim.ValidEnd));
        }
    }
}

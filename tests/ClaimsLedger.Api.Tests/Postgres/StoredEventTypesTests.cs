using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// The names the change feed filters on, exports carry and replays select streams by are the names the events table holds:
/// every event the seeds write is stored under a name that maps back to its own type.
/// </summary>
public sealed class StoredEventTypesTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task every_stored_event_names_the_ledger_event_type_it_was_written_as()
    {
        await Fixture.SeedAsync();
        var ledger = StoredEventTypes.Ledger(Fixture.Store);

        var stored = await Fixture.RowsAsync($"select distinct type, mt_dotnet_type from {MartenSetup.Schema}.mt_events",
            r => (Name: r.GetString(0), DotNetType: r.GetString(1)));

        stored.Select(s => s.Name).ShouldContain("claim_extracted");
        stored.Select(s => s.Name).ShouldContain("source_registered");
        foreach (var (name, dotNetType) in stored)
        {
            ledger.ShouldContainKey(name);
            dotNetType.ShouldStartWith(ledger[name].FullName + ",");
        }
        StoredEventTypes.NameOf(Fixture.Store, typeof(ClaimExtracted)).ShouldBe("claim_extracted");
        ledger["source_registered"].ShouldBe(typeof(SourceRegistered));
    }
}

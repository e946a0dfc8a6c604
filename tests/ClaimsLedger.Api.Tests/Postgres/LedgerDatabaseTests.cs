using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>Where the ledger lives, decided once and lazily: nothing starts until the store is first needed.</summary>
[Collection("EmbeddedPostgres")]
public sealed class LedgerDatabaseTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), $"claimsledger-ledgerdb-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try { if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task The_embedded_server_starts_once_for_the_first_caller_and_stops_with_the_host()
    {
        var database = Database(new() { ["ClaimsLedger:DataDirectory"] = _data });
        await database.StopAsync(CancellationToken.None);   // a host that never needed the store
        Directory.Exists(_data).ShouldBeFalse();

        // The hosted service and Marten's factory (which cannot await) may ask at the same time.
        var strings = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => i % 2 == 0
            ? Task.Run(() => database.ConnectionString)
            : database.GetConnectionStringAsync()).Append(StartThenRead(database)));

        strings.Distinct().Count().ShouldBe(1);
        await using (var connection = new NpgsqlConnection(strings[0]))
        {
            await connection.OpenAsync();
        }
        NpgsqlConnection.ClearAllPools();

        await database.StopAsync(CancellationToken.None);
        await Should.ThrowAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection(strings[0]);
            await connection.OpenAsync();
        });
    }

    [Fact]
    public async Task A_configured_connection_string_is_used_as_given_and_starts_nothing()
    {
        const string configured = "Host=db.example;Port=5432;Database=ledger;Username=u;Password=p";
        var database = Database(new() { ["ConnectionStrings:Marten"] = configured, ["ClaimsLedger:DataDirectory"] = _data });

        await database.StartAsync(CancellationToken.None);

        database.ConnectionString.ShouldBe(configured);
        await database.StopAsync(CancellationToken.None);
        Directory.Exists(_data).ShouldBeFalse();
    }

    private static async Task<string> StartThenRead(LedgerDatabase database)
    {
        await database.StartAsync(CancellationToken.None);
        return database.ConnectionString;
    }

    private static LedgerDatabase Database(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new(configuration, configuration.GetSection(LedgerOptions.Section).Get<LedgerOptions>() ?? new LedgerOptions(), NullLoggerFactory.Instance);
    }
}

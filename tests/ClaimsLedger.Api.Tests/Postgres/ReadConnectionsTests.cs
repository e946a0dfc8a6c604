using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// The prepared reads run on a pool of their own that is not reset between leases, and the hot reads through it still answer
/// as the ledger stands.
/// </summary>
public sealed class ReadConnectionsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task prepared_reads_lease_from_the_read_pool()
    {
        await using var session = Fixture.Store.QuerySession();
        var rows = await PreparedRead.RowsAsync(session, "select current_setting('application_name')", r => r.GetString(0), CancellationToken.None);
        rows.ShouldBe([ReadConnections.ApplicationName]);
    }

    [Fact]
    public async Task a_read_connection_leased_again_is_not_reset()
    {
        await using var session = Fixture.Store.QuerySession();
        // Every connection of the pool at once (it opens no more than its bound), each given a setting; whichever a later
        // lease gets, it is one of them.
        await SetOnEveryConnectionAsync(session, "'77MB'");
        try
        {
            await using var again = ReadConnections.For(session);
            await again.OpenAsync();
            // Npgsql's reset (RESET ALL among its statements) would have put the setting back: no statement ran between leases.
            (await ScalarAsync<string>(again, "select current_setting('work_mem')")).ShouldBe("77MB");
        }
        finally
        {
            // Left as every other lease of this pool finds it.
            await SetOnEveryConnectionAsync(session, "(select reset_val from pg_settings where name = 'work_mem')");
        }
    }

    private static async Task SetOnEveryConnectionAsync(Marten.IQuerySession session, string workMem)
    {
        var connections = new List<Npgsql.NpgsqlConnection>();
        try
        {
            for (var i = 0; i < ReadConnections.MaxPoolSize; i++)
            {
                var connection = ReadConnections.For(session);
                connections.Add(connection);
                await connection.OpenAsync();
                await ScalarAsync<string>(connection, $"select set_config('work_mem', {workMem}, false)");
            }
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_read_pool_opens_no_more_connections_than_its_bound_however_many_read_at_once()
    {
        await using var session = Fixture.Store.QuerySession();
        // Far more reads at once than the bound, each holding its connection for a moment: the rest wait their turn.
        var reads = Enumerable.Range(0, ReadConnections.MaxPoolSize * 3).Select(_ =>
            PreparedRead.RowsAsync(session, "select pg_backend_pid() from pg_sleep(0.05)", r => r.GetInt32(0), CancellationToken.None));
        var backends = (await Task.WhenAll(reads)).SelectMany(rows => rows).Distinct().Count();
        backends.ShouldBeLessThanOrEqualTo(ReadConnections.MaxPoolSize);
        backends.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task the_stores_own_connections_are_not_the_read_pools()
    {
        await using var connection = Fixture.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        (await ScalarAsync<string>(connection, "select current_setting('application_name')")).ShouldNotBe(ReadConnections.ApplicationName);
    }

    private static async Task<T> ScalarAsync<T>(Npgsql.NpgsqlConnection connection, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

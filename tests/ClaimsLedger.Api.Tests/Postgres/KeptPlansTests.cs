using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// A pooled connection of the store keeps what PostgreSQL cached on it (its prepared statements, and with them the plans
/// PL/pgSQL caches) from one lease to the next, and still starts every lease with the session as new: settings reset,
/// advisory locks released, temporary tables gone.
/// </summary>
public sealed class KeptPlansTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_connection_leased_again_keeps_its_plans_and_loses_its_session_state()
    {
        // One connection in the pool, so the second lease is the first one's connection.
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        KeptPlans.Configure(builder);
        await using var dataSource = builder.Build();
        int pid;
        await using (var first = await dataSource.OpenConnectionAsync())
        {
            pid = await ScalarAsync<int>(first, "select pg_backend_pid()");
            await ExecuteAsync(first, """
                set work_mem = '77MB';
                select pg_advisory_lock(770077);
                create temp table kept_plans_scratch (n int);
                """);
        }
        await using var again = await dataSource.OpenConnectionAsync();
        (await ScalarAsync<int>(again, "select pg_backend_pid()")).ShouldBe(pid);

        // DISCARD ALL would have dropped every prepared statement, and every cached plan with them.
        (await ScalarAsync<long>(again, "select count(*) from pg_prepared_statements")).ShouldBeGreaterThan(0);
        (await ScalarAsync<string>(again, "select current_setting('work_mem')")).ShouldNotBe("77MB");
        (await ScalarAsync<long>(again, "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()")).ShouldBe(0);
        (await ScalarAsync<bool>(again, "select to_regclass('pg_temp.kept_plans_scratch') is null")).ShouldBeTrue();
    }

    [Fact]
    public async Task every_connection_of_the_store_is_one_that_keeps_its_plans()
    {
        // Several at once, so they are distinct connections, some of them new.
        var connections = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                var connection = Fixture.Store.Storage.Database.CreateConnection();
                connections.Add(connection);
                await connection.OpenAsync();
            }
            foreach (var connection in connections)
                (await ScalarAsync<long>(connection, "select count(*) from pg_prepared_statements")).ShouldBeGreaterThan(0);
        }
        finally
        {
            foreach (var connection in connections) await connection.DisposeAsync();
        }
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Keeps the plans PostgreSQL caches on a pooled connection from one lease to the next. Npgsql resets a connection going
/// back to the pool with <c>DISCARD ALL</c>, which also drops the plans PL/pgSQL caches, so Marten's
/// <c>mt_quick_append_events</c> planned its statements again at every write (0.76 ms of PostgreSQL a call in the 200k
/// single-POST phase). On a connection holding a prepared statement Npgsql resets the same session state one statement at a
/// time instead (<c>RESET ALL</c>, <c>CLOSE ALL</c>, <c>UNLISTEN *</c>, <c>pg_advisory_unlock_all()</c>, <c>DISCARD
/// SEQUENCES</c>, <c>DISCARD TEMP</c>) and keeps the prepared statements, and with them every cached plan. Each physical
/// connection prepares one trivial statement when it opens, so all of them are reset that way, as the connections of the
/// prepared reads (<see cref="PreparedRead"/>) already were.
/// </summary>
public static class KeptPlans
{
    private const string Statement = "select 1";

    public static void Configure(NpgsqlDataSourceBuilder builder) => builder.UsePhysicalConnectionInitializer(Prepare, PrepareAsync);

    private static void Prepare(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand(Statement, connection);
        command.Prepare();
    }

    private static async Task PrepareAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(Statement, connection);
        await command.PrepareAsync();
    }
}

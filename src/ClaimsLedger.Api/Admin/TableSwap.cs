using System.Text;
using ClaimsLedger.Api.Postgres;
using Npgsql;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Puts a rebuild store's documents in place of the live ones: in one PostgreSQL transaction each live table is dropped
/// and its rebuilt twin moved into the live schema (<c>ALTER TABLE … SET SCHEMA</c> keeps its rows, indexes and their
/// names, which are unique per schema only, so they take over the dropped ones' names). A reader's statement sees
/// either every old table or every new one: it waits on the swap's locks and resolves the names again after it.
/// </summary>
internal static class TableSwap
{
    private const string LockTimedOut = "55P03";
    private const int Attempts = 3;

    /// <summary>How far the live shard has applied the events: its row in the progression table (0: it has none yet).</summary>
    public static async Task<long> PositionAsync(IDocumentStore live, string shard, CancellationToken ct)
    {
        await using var connection = live.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        return await PositionAsync(connection, null, live, shard, forUpdate: false, ct);
    }

    /// <summary>
    /// Swaps the tables of <paramref name="documentTypes"/>, provided the live shard still stands at
    /// <paramref name="position"/>, the position the rebuilt tables were replayed to; otherwise nothing changes.
    /// </summary>
    public static async Task SwapAsync(IDocumentStore live, IDocumentStore rebuilt, IReadOnlyList<Type> documentTypes, string shard, long position,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SwapOnceAsync(live, rebuilt, documentTypes, shard, position, ct);
                return;
            }
            // A long read holds a table; readers queue behind the swap's lock, so it gives up quickly and tries again.
            catch (PostgresException e) when (e.SqlState == LockTimedOut && attempt < Attempts)
            {
            }
        }
    }

    /// <summary>Drops <paramref name="schema"/>, a rebuild's (<see cref="RebuildStore.SchemaFor"/>), with everything in it.</summary>
    public static async Task DropRebuildSchemaAsync(IDocumentStore live, string schema, CancellationToken ct)
    {
        await using var connection = live.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var drop = new NpgsqlCommand($"drop schema if exists {schema} cascade", connection);
        await drop.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Drops every rebuild schema there is: left behind by rebuilds cut off by a crash (one rebuild runs at a time).</summary>
    public static async Task DropLeftoverRebuildSchemasAsync(IDocumentStore live, CancellationToken ct)
    {
        await using var connection = live.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var schemas = new List<string>();
        await using (var find = new NpgsqlCommand(RebuildStore.SchemasSql, connection)
                     { Parameters = { new() { Value = RebuildStore.Schema } } })
        await using (var reader = await find.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) schemas.Add(reader.GetString(0));
        foreach (var schema in schemas)
        {
            await using var drop = new NpgsqlCommand($"drop schema if exists \"{schema}\" cascade", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }
    }

    private static async Task SwapOnceAsync(IDocumentStore live, IDocumentStore rebuilt, IReadOnlyList<Type> documentTypes, string shard, long position,
        CancellationToken ct)
    {
        var tables = documentTypes
            .Select(t => (Live: live.Options.FindOrResolveDocumentType(t).TableName, Rebuilt: rebuilt.Options.FindOrResolveDocumentType(t).TableName))
            .ToList();
        await using var connection = live.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, $"set local lock_timeout = '2s'; lock table {string.Join(", ", tables.Select(t => t.Live.QualifiedName))} in access exclusive mode", ct);
        // The live shard is paused; its row is the proof that nothing was applied to the live tables since the replay's end.
        var now = await PositionAsync(connection, tx, live, shard, forUpdate: true, ct);
        if (now != position)
            throw new InvalidOperationException($"The live {shard} moved from {position} to {now} while paused; its tables were left as they were.");
        var swap = new StringBuilder();
        foreach (var (current, replacement) in tables)
        {
            // No CASCADE: should anything depend on a live table, the swap fails whole rather than dropping that too.
            swap.Append($"drop table {current.QualifiedName}; alter table {replacement.QualifiedName} set schema {current.Schema};");
        }
        // The tables moved in were created in the rebuild schema, without the live tables' autovacuum options.
        var tuned = VacuumTuning.DocumentTypes.Select(t => live.Options.FindOrResolveDocumentType(t).TableName.QualifiedName).ToHashSet();
        swap.Append(VacuumTuning.Sql(tables.Select(t => t.Live).Where(t => tuned.Contains(t.QualifiedName))));
        await ExecuteAsync(connection, tx, swap.ToString(), ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<long> PositionAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, IDocumentStore live, string shard, bool forUpdate,
        CancellationToken ct)
    {
        var progression = $"{live.Options.Events.DatabaseSchemaName}.mt_event_progression";
        await using var read = new NpgsqlCommand($"select last_seq_id from {progression} where name = @shard{(forUpdate ? " for update" : "")}", connection, tx);
        read.Parameters.AddWithValue("shard", shard);
        return await read.ExecuteScalarAsync(ct) is long sequence ? sequence : 0;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct);
    }
}

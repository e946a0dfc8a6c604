using Npgsql;
using NpgsqlTypes;

namespace ClaimsLedger.Benchmarks;

/// <summary>What the harness reads from PostgreSQL directly: projection progress, sizes, and the raw baselines.</summary>
public sealed class Database(string connectionString)
{
    public const string Schema = "claimsledger";

    public string ConnectionString { get; } = connectionString;

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<T>> ListAsync<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>What PostgreSQL's autovacuum workers are doing now ("autovacuum: VACUUM ANALYZE claimsledger.mt_doc_…"), one line each.</summary>
    public Task<List<string>> AutovacuumWorkAsync() =>
        ListAsync("select coalesce(query, '') from pg_stat_activity where backend_type = 'autovacuum worker'", r => r.GetString(0));

    /// <summary>Events the ledger recorded: every row but Marten's tombstones (placeholders for sequence numbers of failed transactions).</summary>
    public Task<long> EventCountAsync() => ScalarAsync<long>($"select count(*) from {Schema}.mt_events where type <> 'tombstone'");

    /// <summary>The database's size and the events table's own (<c>pg_database_size</c>, <c>pg_total_relation_size</c>), in bytes.</summary>
    public async Task<(long Database, long EventsTable)> SizesAsync() =>
        (await ScalarAsync<long>("select pg_database_size(current_database())"),
         await ScalarAsync<long>($"select pg_total_relation_size('{Schema}.mt_events')"));

    public Task<long> TombstoneCountAsync() => ScalarAsync<long>($"select count(*) from {Schema}.mt_events where type = 'tombstone'");

    public Task<long> HighWaterAsync() => ScalarAsync<long>($"select coalesce(max(seq_id), 0) from {Schema}.mt_events");

    public Task<long> AlignmentProgressAsync() =>
        ScalarAsync<long>($"select coalesce(max(last_seq_id), 0) from {Schema}.mt_event_progression where name = 'Alignment:All'");

    /// <summary>How far the slowest async projection or subscription has come (each keeps a progression row named <c>…:All</c>).</summary>
    public Task<long> SlowestProjectionProgressAsync() =>
        ScalarAsync<long>($"select coalesce(min(last_seq_id), 0) from {Schema}.mt_event_progression where name like '%:All'");

    /// <summary>Waits until the async alignment projection has processed every event appended so far; returns how long that took.</summary>
    public Task<TimeSpan> WaitForAlignmentAsync(TimeSpan timeout, ILogger logger) =>
        WaitForAsync("alignment projection", AlignmentProgressAsync, timeout, logger);

    /// <summary>Waits until every async projection and subscription has processed every event appended so far.</summary>
    public Task<TimeSpan> WaitForEveryProjectionAsync(TimeSpan timeout, ILogger logger) =>
        WaitForAsync("slowest async projection", SlowestProjectionProgressAsync, timeout, logger);

    private async Task<TimeSpan> WaitForAsync(string what, Func<Task<long>> progressOf, TimeSpan timeout, ILogger logger)
    {
        var clock = Stopwatch.StartNew();
        var target = await HighWaterAsync();
        var reported = TimeSpan.Zero;
        while (true)
        {
            var progress = await progressOf();
            if (progress >= target) return clock.Elapsed;
            if (clock.Elapsed > timeout) throw new TimeoutException($"The {what} reached {progress} of {target} in {timeout}.");
            if (clock.Elapsed - reported > TimeSpan.FromSeconds(15))
            {
                reported = clock.Elapsed;
                logger.LogInformation("  {What} at {Progress} of {Target}", what, progress, target);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>Statements by total execution time since the last reset (pg_stat_statements, when enabled).</summary>
    public Task<List<JsonObject>> TopStatementsAsync(int count) => ListAsync(
        $"""
        select calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3), rows, left(regexp_replace(query, '\s+', ' ', 'g'), 300)
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit {count}
        """,
        r => new JsonObject
        {
            ["calls"] = r.GetInt64(0), ["totalMs"] = r.GetDecimal(1), ["meanMs"] = r.GetDecimal(2), ["rows"] = r.GetInt64(3), ["query"] = r.GetString(4),
        });

    public Task<List<JsonObject>> LargestTablesAsync(int count) => ListAsync(
        $"""
        select c.relname, pg_total_relation_size(c.oid), c.reltuples::bigint
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = '{Schema}' and c.relkind = 'r' order by 2 desc limit {count}
        """,
        r => new JsonObject { ["table"] = r.GetString(0), ["bytes"] = r.GetInt64(1), ["rows"] = r.GetInt64(2) });

    /// <summary>
    /// Rows written so far in every table of this database (a blue/green rebuild's side schema too, named with its schema)
    /// and the server's WAL so far.
    /// </summary>
    public async Task<WriteSample> WritesAsync()
    {
        var tables = await ListAsync(
            "select relid, case when schemaname = '" + Schema + "' then relname else schemaname || '.' || relname end, " +
            "n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del from pg_stat_user_tables",
            r => (Oid: r.GetFieldValue<uint>(0), Writes: new TableWrites(r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5))));
        var wal = (await ListAsync("select wal_bytes::bigint, wal_records, wal_fpi from pg_stat_wal",
            r => (Bytes: r.GetInt64(0), Records: r.GetInt64(1), FullPages: r.GetInt64(2)))).Single();
        return new WriteSample(tables.ToDictionary(t => t.Oid, t => t.Writes), wal.Bytes, wal.Records, wal.FullPages);
    }

    // ---- raw baselines: the same server, a bare table, no application in between ----

    private const string RawTable = """
        create table if not exists raw_events (
            seq_id bigserial primary key, id uuid not null, stream_id text not null, version bigint not null, type text not null,
            data jsonb not null, timestamp timestamptz not null default now(), correlation_id text, user_name text)
        """;

    private const string RawInsert =
        "insert into raw_events (id, stream_id, version, type, data, correlation_id, user_name) values ($1, $2, 1, 'claim_extracted', $3, $4, $5)";

    /// <summary>Plain batched INSERTs: <paramref name="batchSize"/> single-row INSERTs per round trip and transaction, from <paramref name="clients"/> connections.</summary>
    public async Task<(double RowsPerSecond, int Rows)> BatchedInsertsAsync(IReadOnlyList<string> payloads, int batchSize, int clients)
    {
        await ExecuteAsync("drop table if exists raw_events; " + RawTable);
        var batches = payloads.Chunk(batchSize).ToList();
        var result = await Load.ForEachAsync(batches, clients, async batch =>
        {
            await using var connection = await OpenPooledAsync();
            await using var tx = await connection.BeginTransactionAsync();
            await using var npgsqlBatch = new NpgsqlBatch(connection, tx);
            foreach (var payload in batch) npgsqlBatch.BatchCommands.Add(Row(payload));
            await npgsqlBatch.ExecuteNonQueryAsync();
            await tx.CommitAsync();
            return null;
        });
        return (payloads.Count / result.Elapsed.TotalSeconds, payloads.Count);
    }

    /// <summary>One row per transaction (autocommit), from <paramref name="clients"/> connections, for <paramref name="duration"/>.</summary>
    public async Task<LoadResult> SingleCommitsAsync(string payload, int clients, TimeSpan duration)
    {
        await ExecuteAsync("drop table if exists raw_events; " + RawTable);
        return await Load.ForDurationAsync(duration, clients, async _ =>
        {
            await using var connection = await OpenPooledAsync();
            var row = Row(payload);
            await using var command = new NpgsqlCommand(row.CommandText, connection);
            foreach (NpgsqlParameter p in row.Parameters) command.Parameters.Add(p.Clone());
            await command.ExecuteNonQueryAsync();
            return null;
        });
    }

    /// <summary>Every event row, in order, as COPY writes it: the floor under any replay of the log.</summary>
    public async Task<(double RowsPerSecond, long Rows, long Bytes, TimeSpan Elapsed)> ScanEventsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var clock = Stopwatch.StartNew();
        long rows = 0, bytes = 0;
        using (var reader = await connection.BeginTextExportAsync(
                   $"COPY (select * from {Schema}.mt_events order by seq_id) TO STDOUT"))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                rows++;
                bytes += line.Length + 1;
            }
        }
        clock.Stop();
        return (rows / clock.Elapsed.TotalSeconds, rows, bytes, clock.Elapsed);
    }

    /// <summary>
    /// The ledger's document tables a phase wrote whole (<paramref name="written"/>, its writes): at least as many rows
    /// inserted or updated as half of what each holds now. A rebuild writes every row of the read models it rebuilds (fresh
    /// tables swapped in, or rows rewritten in place); the few rows live projections write meanwhile leave other tables out,
    /// and so does single-row bookkeeping (clocks, cursors, the audit chain's head), which holds nothing to measure.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> RewrittenTablesAsync(WriteSample written)
    {
        var live = await LiveRowsAsync();
        return written.Tables.Values
            .Where(t => t.Table.StartsWith("mt_doc_", StringComparison.Ordinal))
            .Where(t => live.TryGetValue(t.Table, out var rows) && rows > 1 && t.Inserted + t.Updated >= rows / 2)
            .Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The rows each table of the ledger's schema holds now, by name (<c>n_live_tup</c>).</summary>
    private async Task<Dictionary<string, long>> LiveRowsAsync() =>
        (await ListAsync($"select relname, n_live_tup from pg_stat_user_tables where schemaname = '{Schema}'",
            r => (Table: r.GetString(0), Rows: r.GetInt64(1)))).ToDictionary(t => t.Table, t => t.Rows, StringComparer.Ordinal);

    /// <summary>Where <see cref="RewriteAsync"/> writes its copies; dropped before and after.</summary>
    private const string FloorSchema = "bench_floor";

    /// <summary>
    /// The floor under any rebuild of <paramref name="tables"/> (the read models a rebuild wrote, in the ledger's schema):
    /// their rows and indexes written again the cheapest way PostgreSQL has, with no replay in front of them. Each table is
    /// copied into a fresh table of a scratch schema by one <c>INSERT … SELECT</c> with no index yet, then its indexes are
    /// built by sorting, one transaction a table with durable commits, on <paramref name="connections"/> connections at
    /// once, largest tables first. A replay must read the events, decide and write the same rows into the same indexes, so it
    /// cannot finish faster than this. The copies are also the least these read models take on disk (<c>Bytes</c>: each
    /// page as full as a fresh build leaves it, against <c>SourceBytes</c>, the tables as they stood). They are dropped again.
    /// </summary>
    public async Task<(TimeSpan Elapsed, long Rows, long Bytes, long SourceBytes)> RewriteAsync(IReadOnlyCollection<string> tables, int connections)
    {
        await ExecuteAsync($"drop schema if exists {FloorSchema} cascade; create schema {FloorSchema}");
        try
        {
            var sizes = await ListAsync(
                $"select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
                $"where n.nspname = '{Schema}' and c.relkind = 'r'",
                r => (Table: r.GetString(0), Bytes: r.GetInt64(1)));
            var chosen = sizes.Where(s => tables.Contains(s.Table)).OrderByDescending(s => s.Bytes).ToList();
            var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(chosen.Select(s => s.Table));
            long rows = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, connections)).Select(async _ =>
            {
                await using var connection = await OpenPooledAsync();
                while (queue.TryDequeue(out var table))
                {
                    await using var tx = await connection.BeginTransactionAsync();
                    await using (var create = new NpgsqlCommand(
                                     $"create table {FloorSchema}.{table} (like {Schema}.{table} including defaults including storage including compression)", connection, tx))
                        await create.ExecuteNonQueryAsync();
                    await using (var copy = new NpgsqlCommand($"insert into {FloorSchema}.{table} select * from {Schema}.{table}", connection, tx))
                        Interlocked.Add(ref rows, await copy.ExecuteNonQueryAsync());
                    var indexes = new List<string>();
                    await using (var find = new NpgsqlCommand($"select indexdef from pg_indexes where schemaname = '{Schema}' and tablename = '{table}'", connection, tx))
                    await using (var reader = await find.ExecuteReaderAsync())
                        while (await reader.ReadAsync()) indexes.Add(reader.GetString(0).Replace($" ON {Schema}.", $" ON {FloorSchema}.", StringComparison.Ordinal));
                    foreach (var index in indexes)
                    {
                        await using var build = new NpgsqlCommand(index, connection, tx);
                        await build.ExecuteNonQueryAsync();
                    }
                    await tx.CommitAsync();
                }
            }));
            clock.Stop();
            var bytes = await ScalarAsync<long>(
                $"select coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
                $"where n.nspname = '{FloorSchema}' and c.relkind = 'r'");
            return (clock.Elapsed, rows, bytes, chosen.Sum(s => s.Bytes));
        }
        finally
        {
            await ExecuteAsync($"drop schema if exists {FloorSchema} cascade");
        }
    }

    /// <summary>
    /// The tables an ingest filled (<paramref name="written"/>, its writes): the ledger's tables with at least as many rows
    /// inserted by it as half of what each holds now: the event log, the streams, and the read models a claim adds rows to.
    /// Tables filled before it (sources, their texts), single-row bookkeeping and Wolverine's own are left out.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> IngestedTablesAsync(WriteSample written)
    {
        var live = await LiveRowsAsync();
        return written.Tables.Values
            .Where(t => !t.Table.StartsWith("wolverine_", StringComparison.Ordinal))
            .Where(t => live.TryGetValue(t.Table, out var rows) && rows > 1 && t.Inserted >= rows / 2)
            .Select(t => t.Table).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Where <see cref="IngestAgainAsync"/> writes its copies; dropped before and after.</summary>
    private const string IngestSchema = "bench_ingest";

    /// <summary>
    /// Readies <see cref="IngestAgainAsync"/> (untimed): each table's rows exported by binary COPY into a file under
    /// <paramref name="scratch"/>, in the order they lie in the table (near the order they were written), and an empty copy
    /// of the table with every index and constraint made in a scratch schema. Returns the files and the rows they hold.
    /// </summary>
    public async Task<(IReadOnlyList<(string Table, string File, long Bytes)> Files, long Rows)> ExportForIngestAsync(IReadOnlyCollection<string> tables, string scratch)
    {
        await DropIngestAsync(scratch);
        await ExecuteAsync($"create schema {IngestSchema}");
        Directory.CreateDirectory(scratch);
        long rows = 0;
        var files = new List<(string Table, string File, long Bytes)>();
        await using var connection = await OpenPooledAsync();
        foreach (var table in tables)
        {
            var file = Path.Combine(scratch, table + ".copy");
            await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY (select * from {Schema}.{table}) TO STDOUT (FORMAT BINARY)"))
            await using (var output = File.Create(file))
                await export.CopyToAsync(output);
            await using (var create = new NpgsqlCommand($"create table {IngestSchema}.{table} (like {Schema}.{table} including all)", connection))
                await create.ExecuteNonQueryAsync();
            await using (var count = new NpgsqlCommand($"select count(*) from {Schema}.{table}", connection))
                rows += (long)(await count.ExecuteScalarAsync())!;
            files.Add((table, file, new FileInfo(file).Length));
        }
        await using var checkpoint = new NpgsqlCommand("checkpoint", connection);
        await checkpoint.ExecuteNonQueryAsync();
        return (files, rows);
    }

    /// <summary>
    /// The floor under any ingest that leaves these tables as they stand (the events, the streams and the read models a
    /// claim adds rows to; <see cref="ExportForIngestAsync"/>): their rows sent again from a client the cheapest way
    /// PostgreSQL takes rows in (binary <c>COPY</c>, one a table) into the empty copies, whose indexes and constraints are
    /// already there as an ingest finds them, durable commits, on <paramref name="connections"/> connections at once,
    /// largest first. An ingest must also decide, and writes some rows more than once (claims, spans and pairs as they
    /// change), so none can leave these rows faster.
    /// </summary>
    public async Task<TimeSpan> IngestAgainAsync(IReadOnlyList<(string Table, string File, long Bytes)> files, int connections)
    {
        var queue = new System.Collections.Concurrent.ConcurrentQueue<(string Table, string File, long Bytes)>(files.OrderByDescending(f => f.Bytes));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, connections)).Select(async _ =>
        {
            await using var connection = await OpenPooledAsync();
            while (queue.TryDequeue(out var item))
            {
                await using var input = File.OpenRead(item.File);
                await using var import = await connection.BeginRawBinaryCopyAsync($"COPY {IngestSchema}.{item.Table} FROM STDIN (FORMAT BINARY)");
                await input.CopyToAsync(import);
            }
        }));
        return clock.Elapsed;
    }

    /// <summary>Drops <see cref="IngestAgainAsync"/>'s copies and its files.</summary>
    public async Task DropIngestAsync(string scratch)
    {
        await ExecuteAsync($"drop schema if exists {IngestSchema} cascade");
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
    }

    private async Task<NpgsqlConnection> OpenPooledAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static NpgsqlBatchCommand Row(string payload)
    {
        var command = new NpgsqlBatchCommand(RawInsert);
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
        command.Parameters.Add(new NpgsqlParameter { Value = "clm-" + Guid.NewGuid().ToString("N")[..16] });
        command.Parameters.Add(new NpgsqlParameter { Value = payload, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid().ToString("N") });
        command.Parameters.Add(new NpgsqlParameter { Value = "bench@example.org" });
        return command;
    }
}

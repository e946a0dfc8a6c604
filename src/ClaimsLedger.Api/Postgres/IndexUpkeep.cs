using System.Diagnostics;
using System.Diagnostics.Metrics;
using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Rebuilds the ledger's B-tree indexes whose pages went half empty, one at a time, with <c>REINDEX INDEX CONCURRENTLY</c>
/// (reads and writes carry on; the index keeps its name and definition). Most of the ledger's indexes are keyed by subject
/// and then an ascending position or time, so every insert lands at the end of its subject's range, which is not the end of
/// the index: PostgreSQL splits such a page in half, and the left half is never written again. (Its "split after the new
/// item" rule, which would fill it, only applies to tuples of two integers or fewer; ours carry what index-only reads need.)
/// Updates add an entry to every index whose columns they change, and vacuum frees the old ones without merging pages.
/// So those indexes settle at half full: at 200,000 events a rebuild of every index shrank the database by a tenth.
/// <para>
/// Which indexes: those whose size is at least <see cref="IndexUpkeepOptions.Bloat"/> times what the planner's statistics
/// say a fresh build would take (<see cref="BloatEstimate"/>), from 1 MB up. An index whose keys arrive in random order
/// (the hashed ids) settles at about 70 % full and is left alone at the default: rebuilt, it would be split back there
/// within a third more rows. Rebuilt, a subject-keyed index grows half-full pages again at its insertion points only, so it
/// comes back once it has about doubled: the work stays proportional to the ledger (at 200,000 events, 21 rebuilds of 0.1–4 s
/// through the writes, the largest index rebuilt four times on its way to 48 MB).
/// </para>
/// <para>
/// One node does it (a PostgreSQL advisory lock), never while a projection rebuild has tables beside the live ones (the
/// rebuild's swap takes the live tables' locks, which a reindex holds for seconds), and it first drops the invalid copy an
/// interrupted reindex leaves (<c>…_ccnew</c>), which every write would otherwise keep up for nothing.
/// </para>
/// </summary>
public static class IndexUpkeep
{
    /// <summary>Smaller indexes are left alone: half of a megabyte is not worth a rebuild.</summary>
    public const long MinimumPages = 128;

    /// <summary>How long a reindex waits for a table's lock (a rebuild's swap, an <c>ALTER</c>) before giving up until the next round.</summary>
    public const string LockTimeout = "5s";

    private const string RebuildRunning = "a projection rebuild is running";

    private static readonly Meter Meter = new(Observability.Telemetry.LedgerMeter);
    private static readonly Histogram<double> Took = Meter.CreateHistogram<double>("claimsledger.indexes.rebuild.duration", "s",
        "How long each index the index upkeep rebuilt took (tag: index)");
    private static readonly Counter<long> Freed = Meter.CreateCounter<long>("claimsledger.indexes.rebuild.freed", "By",
        "What the index upkeep's rebuilds gave back (tag: index)");

    /// <summary>One index rebuilt: its pages before and after, and how long the rebuild took.</summary>
    public sealed record Rebuilt(string Index, long PagesBefore, long PagesAfter, TimeSpan Took);

    /// <summary>An index whose rebuild failed (a lock waited for too long, an index PostgreSQL cannot rebuild concurrently).</summary>
    public sealed record Failure(string Index, string Error);

    /// <summary>
    /// What one round did: the indexes rebuilt, those that failed (the others still had their turn), the invalid leftovers
    /// dropped, or why it did nothing.
    /// </summary>
    public sealed record Round(IReadOnlyList<Rebuilt> Rebuilt, IReadOnlyList<string> LeftoversDropped, string? Skipped)
    {
        public IReadOnlyList<Failure> Failed { get; init; } = [];
    }

    /// <summary>
    /// One round over <paramref name="schema"/>: drops leftovers of interrupted reindexes, then rebuilds each index at least
    /// <paramref name="bloat"/> times its estimated fresh size, largest waste first, until none is left or a projection
    /// rebuild starts.
    /// </summary>
    public static async Task<Round> RunAsync(IDocumentStore store, string schema, double bloat, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        if (!await ScalarAsync<bool>(connection, "select pg_try_advisory_lock(hashtext($1), hashtext('index upkeep'))", ct, schema))
            return new Round([], [], "another node is keeping the indexes");
        try
        {
            if (await RebuildRunningAsync(connection, ct)) return new Round([], [], RebuildRunning);
            var dropped = await DropLeftoversAsync(connection, schema, ct);
            var rebuilt = new List<Rebuilt>();
            var failed = new List<Failure>();
            var due = (await EstimateAsync(connection, schema, ct)).Where(i => i.Pages >= bloat * i.FreshPages).OrderByDescending(i => i.Pages - i.FreshPages);
            foreach (var (index, _, _) in due)
            {
                if (await RebuildRunningAsync(connection, ct)) return new Round(rebuilt, dropped, RebuildRunning) { Failed = failed };
                try
                {
                    rebuilt.Add(await ReindexAsync(connection, schema, index, ct));
                }
                // One index that cannot be rebuilt now does not keep the others from their turn.
                catch (PostgresException e) when (!ct.IsCancellationRequested && connection.State == System.Data.ConnectionState.Open)
                {
                    failed.Add(new Failure(index, $"{e.SqlState}: {e.MessageText}"));
                }
            }
            return new Round(rebuilt, dropped, null) { Failed = failed };
        }
        finally
        {
            // A broken connection took the lock with it.
            if (connection.State == System.Data.ConnectionState.Open)
                await ExecuteAsync(connection, "select pg_advisory_unlock(hashtext($1), hashtext('index upkeep'))", CancellationToken.None, schema);
        }
    }

    /// <summary>An index's pages now, and what a fresh build of it would take (<see cref="BloatEstimate"/>).</summary>
    public sealed record Estimate(string Index, long Pages, double FreshPages);

    /// <summary>
    /// The B-tree indexes of <paramref name="schema"/> from <see cref="MinimumPages"/> up, each with its estimated fresh size;
    /// those the statistics cannot size (an expression, a table not analyzed yet) are left out.
    /// </summary>
    public static async Task<IReadOnlyList<Estimate>> EstimateAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var indexes = new Dictionary<string, (long Pages, double Tuples, int FillFactor, List<BloatEstimate.Column> Columns)>(StringComparer.Ordinal);
        // Every plain column of every valid B-tree index from 1 MB up (keys and INCLUDE columns alike, in the index's order),
        // with the table's statistics of it. The rows the index holds now: its count at the last vacuum or analyze, grown as
        // the table grew since (the planner's own estimate).
        await using var command = new NpgsqlCommand("""
            select ic.relname, pg_relation_size(ic.oid) / 8192, ic.reltuples * greatest(1.0, (pg_relation_size(t.oid) / 8192)::float8 / greatest(t.relpages, 1)),
                   coalesce((select option_value::int from pg_options_to_table(ic.reloptions) where option_name = 'fillfactor'), 90),
                   ty.typlen, ty.typalign::text, s.avg_width, coalesce(s.null_frac, 0)::float8
            from pg_index i
            join pg_class ic on ic.oid = i.indexrelid
            join pg_class t on t.oid = i.indrelid
            join pg_namespace n on n.oid = t.relnamespace
            join pg_am am on am.oid = ic.relam
            cross join lateral unnest(i.indkey::int2[]) with ordinality as k(attnum, position)
            left join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
            left join pg_type ty on ty.oid = a.atttypid
            left join pg_stats s on s.schemaname = n.nspname and s.tablename = t.relname and s.attname = a.attname and not s.inherited
            where n.nspname = $1 and am.amname = 'btree' and i.indisvalid and i.indisready and ic.reltuples > 0
              and pg_relation_size(ic.oid) >= $2 * 8192
            order by ic.relname, k.position
            """, connection) { Parameters = { new() { Value = schema }, new() { Value = MinimumPages } } };
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (!indexes.TryGetValue(name, out var index))
                    indexes[name] = index = (reader.GetInt64(1), reader.GetDouble(2), reader.GetInt32(3), []);
                // An expression's column (no attribute) or one without statistics yet: no estimate, the index is left alone.
                index.Columns.Add(reader.IsDBNull(4) || reader.IsDBNull(6)
                    ? BloatEstimate.Column.Unknown
                    : new BloatEstimate.Column(reader.GetInt16(4), reader.GetString(5)[0], reader.GetInt32(6), reader.GetDouble(7)));
            }
        }
        return indexes
            .Select(i => (Name: i.Key, i.Value.Pages, Fresh: BloatEstimate.FreshPages(i.Value.Tuples, i.Value.Columns, i.Value.FillFactor)))
            .Where(i => i.Fresh is not null)
            .Select(i => new Estimate(i.Name, i.Pages, i.Fresh!.Value))
            .ToList();
    }

    private static async Task<Rebuilt> ReindexAsync(NpgsqlConnection connection, string schema, string index, CancellationToken ct)
    {
        var before = await PagesAsync(connection, schema, index, ct);
        var took = Stopwatch.StartNew();
        await ExecuteAsync(connection, $"set lock_timeout = '{LockTimeout}'", ct);
        try
        {
            // Not in a transaction (REINDEX CONCURRENTLY refuses one), and as long as it takes: a large index takes minutes.
            await using var reindex = new NpgsqlCommand($"reindex index concurrently \"{schema}\".\"{index}\"", connection) { CommandTimeout = 0 };
            await reindex.ExecuteNonQueryAsync(ct);
        }
        catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
        {
            // Cut off (a lock it waited too long for, the host stopping): its half-built copy goes now, not at the next round.
            await DropLeftoversAsync(connection, schema, CancellationToken.None);
            throw;
        }
        finally
        {
            if (connection.State == System.Data.ConnectionState.Open) await ExecuteAsync(connection, "reset lock_timeout", CancellationToken.None);
        }
        var rebuilt = new Rebuilt(index, before, await PagesAsync(connection, schema, index, ct), took.Elapsed);
        var tag = new KeyValuePair<string, object?>("index", index);
        Took.Record(rebuilt.Took.TotalSeconds, tag);
        Freed.Add(Math.Max(0, rebuilt.PagesBefore - rebuilt.PagesAfter) * 8192, tag);
        return rebuilt;
    }

    /// <summary>
    /// Drops the invalid copies interrupted reindexes left in <paramref name="schema"/> (<c>{index}_ccnew</c>, <c>_ccnew1</c>, …;
    /// <c>_ccold</c> for the old index when the swap was done but not the drop) and returns their names.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DropLeftoversAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        var leftovers = new List<string>();
        await using (var find = new NpgsqlCommand("""
                         select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
                         where n.nspname = $1 and not i.indisvalid and c.relname ~ '_cc(new|old)[0-9]*$'
                         """, connection) { Parameters = { new() { Value = schema } } })
        await using (var reader = await find.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) leftovers.Add(reader.GetString(0));
        foreach (var leftover in leftovers)
        {
            await using var drop = new NpgsqlCommand($"drop index concurrently if exists \"{schema}\".\"{leftover}\"", connection) { CommandTimeout = 0 };
            await drop.ExecuteNonQueryAsync(ct);
        }
        return leftovers;
    }

    private static Task<bool> RebuildRunningAsync(NpgsqlConnection connection, CancellationToken ct) =>
        ScalarAsync<bool>(connection, $"select exists ({RebuildStore.SchemasSql})", ct,
            RebuildStore.Schema);

    private static Task<long> PagesAsync(NpgsqlConnection connection, string schema, string index, CancellationToken ct) =>
        ScalarAsync<long>(connection, "select pg_relation_size(format('%I.%I', $1::text, $2::text)::regclass) / 8192", ct, schema, index);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters) command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary><c>ClaimsLedger:IndexUpkeep</c>: how often the indexes are looked at, and how bloated one may grow.</summary>
public sealed class IndexUpkeepOptions
{
    /// <summary>How often the ledger's indexes are looked at (a catalog query; a rebuild only where one is due). <c>00:00:00</c>: never.</summary>
    public TimeSpan Every { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An index is rebuilt once it is this many times its estimated fresh size (1.2–10). 1.5 by default: half-full pages come
    /// to ~1.6–1.8, the random-order indexes' ~70 % to ~1.3.
    /// </summary>
    public double Bloat { get; set; } = 1.5;
}

/// <summary>Looks at the ledger's indexes every <see cref="IndexUpkeepOptions.Every"/> (<see cref="IndexUpkeep"/>).</summary>
public sealed class IndexUpkeepService(IDocumentStore store, Configuration.LedgerOptions options, TimeProvider time, ILogger<IndexUpkeepService> logger)
    : StoreUpkeep(options.IndexUpkeep.Every > TimeSpan.Zero ? options.IndexUpkeep.Every : Timeout.InfiniteTimeSpan, time, logger)
{
    protected override Task PrepareAsync(CancellationToken ct) => Task.CompletedTask;

    protected override async Task UpkeepAsync(CancellationToken ct)
    {
        var round = await IndexUpkeep.RunAsync(store, store.Options.DatabaseSchemaName, options.IndexUpkeep.Bloat, ct);
        foreach (var leftover in round.LeftoversDropped)
            logger.LogWarning("Dropped {Index}, the invalid copy an interrupted reindex left", leftover);
        foreach (var (index, error) in round.Failed)
            logger.LogWarning("Could not rebuild index {Index} ({Error}); it is tried again at the next round", index, error);
        foreach (var (index, before, after, took) in round.Rebuilt)
            logger.LogInformation("Rebuilt index {Index}: {Before:F1} → {After:F1} MB in {Seconds:F1} s", index, before / 128.0, after / 128.0, took.TotalSeconds);
    }
}

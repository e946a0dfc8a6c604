using System.Runtime.CompilerServices;
using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// The pool the prepared reads lease their connections from (<see cref="PreparedRead"/>): the store's own database, in a pool
/// whose connections are never reset between leases (<c>No Reset On Close</c>). Npgsql resets every connection of the
/// store's pool at its next lease with six statements (<c>SET SESSION AUTHORIZATION DEFAULT</c>, <c>RESET ALL</c>,
/// <c>pg_advisory_unlock_all()</c>, <c>CLOSE ALL</c>, <c>DISCARD SEQUENCES</c>, <c>UNLISTEN *</c>; <see cref="KeptPlans"/>),
/// each parsed and run by PostgreSQL: for a read served in about a millisecond of CPU that was ~5 % of it (claim pages on
/// the kept 200k ledger, 16 clients: 1.07 → 1.02 ms of machine CPU a page). Nothing run through this pool leaves session
/// state to reset: its statements are single read-only selects, outside any transaction, that set nothing, take no
/// advisory lock, listen to nothing and make no temporary table. Keep it so: a statement that does any of those belongs on
/// the store's connections, which are reset.
/// </summary>
public sealed class ReadConnections(LedgerDatabase database) : IAsyncDisposable
{
    // Which store's options these connections serve. Weak, so a store made and dropped (a rebuild's) is not kept alive;
    // the pool itself belongs to the host, which disposes it.
    private static readonly ConditionalWeakTable<StoreOptions, ReadConnections> ByStore = new();

    private readonly Lazy<NpgsqlDataSource> _source = new(() => Build(database.ConnectionString));

    /// <summary>Serves the prepared reads of the store configured with <paramref name="options"/> from this pool.</summary>
    public void Serve(StoreOptions options) => ByStore.AddOrUpdate(options, this);

    /// <summary>
    /// A connection for a prepared read of <paramref name="session"/>'s store: from its read pool when it has one, otherwise
    /// (a store made without the host's services, as some tests make) from the store's own pool.
    /// </summary>
    public static NpgsqlConnection For(IQuerySession session) =>
        session.DocumentStore.Options is StoreOptions options && ByStore.TryGetValue(options, out var reads)
            ? reads._source.Value.CreateConnection()
            : session.Database.CreateConnection();

    /// <summary>How the read pool's connections are named in <c>pg_stat_activity</c>, apart from the store's.</summary>
    public const string ApplicationName = "claimsledger-reads";

    /// <summary>
    /// The most connections the read pool opens (or the connection string's <c>Maximum Pool Size</c>, if smaller). Its own
    /// pool adds to the store's: taking the connection string's size (100 by default) too, a burst of single-claim reads, which no
    /// gate bounds, could open as many again beside the store's and reach the server's <c>max_connections</c> (200 for the
    /// embedded default). Each read holds its connection for a statement of about a millisecond; further ones wait their turn.
    /// </summary>
    public static int MaxPoolSize => Math.Max(16, 4 * Environment.ProcessorCount);

    private static NpgsqlDataSource Build(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true, ApplicationName = ApplicationName };
        builder.MaxPoolSize = Math.Min(builder.MaxPoolSize, MaxPoolSize);
        builder.MinPoolSize = Math.Min(builder.MinPoolSize, builder.MaxPoolSize);
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_source.IsValueCreated) await _source.Value.DisposeAsync();
    }
}

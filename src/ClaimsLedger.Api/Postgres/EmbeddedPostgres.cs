using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// The embedded default database: a private PostgreSQL cluster run from the machine's server binaries, listening on a
/// fresh 127.0.0.1 port with trust authentication, so the service works with nothing configured. Stop it with
/// <see cref="StopAsync"/>; if the owner forgets, it is stopped when the process exits.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    public const string Superuser = "claimsledger";
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(20);

    private readonly PostgresCluster _cluster;
    private readonly int _postmasterPid;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private EmbeddedPostgres(PostgresCluster cluster, int port, int postmasterPid, string database, ILogger logger)
    {
        _cluster = cluster;
        _postmasterPid = postmasterPid;
        _logger = logger;
        Port = port;
        ConnectionString = Build(port, database, pooling: true);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Host=127.0.0.1;Port=…;Database=…;Username=claimsledger — no password: trust on loopback only.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster folder itself (…/pgdata); under the temp folder when relocated for the postgres user (see the log).</summary>
    public string DataDirectory => _cluster.DataDirectory;

    public int Port { get; }

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Database);

        var bin = PostgresBinaries.Locate(options.BinDirectory) ?? throw new PostgresBinariesNotFoundException(options.BinDirectory);
        logger.LogDebug("Using PostgreSQL server binaries in {BinDirectory}", bin);
        var account = await ServerAccount.DetectAsync(ct);
        var home = await ClusterLocation.ResolveAsync(options.DataDirectory, account, logger, ct);

        var cluster = new PostgresCluster(bin, account, Path.Combine(home, "pgdata"), logger);
        await cluster.InitializeAsync(Superuser, ct);
        await cluster.PrepareAsync(ct);
        await cluster.RecoverAsync(ct);
        var (port, pid) = await cluster.StartAsync(ct);

        var server = new EmbeddedPostgres(cluster, port, pid, options.Database, logger);
        try
        {
            var version = await server.WaitUntilReadyAsync(ct);
            await server.EnsureDatabaseAsync(options.Database, ct);
            logger.LogInformation("Embedded PostgreSQL {Version} (binaries in {BinDirectory}) listening on 127.0.0.1:{Port}, cluster in {DataDirectory}",
                version, bin, port, cluster.DataDirectory);
            return server;
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Fast shutdown (<c>pg_ctl stop -m fast -w</c>). Idempotent; concurrent callers share one stop.</summary>
    public Task StopAsync()
    {
        lock (_gate) return _stopping ??= StopCoreAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        // Only stop the server this instance started: if a later start on the same folder already replaced it, the lock
        // file names another pid and that server belongs to someone else.
        if (PostmasterLock.ReadPid(_cluster.DataDirectory) != _postmasterPid || !PostmasterLock.IsAlive(_postmasterPid)) return;
        await _cluster.StopAsync(_postmasterPid, CancellationToken.None);
        try { _logger.LogInformation("Embedded PostgreSQL in {DataDirectory} stopped", _cluster.DataDirectory); }
        catch (ObjectDisposedException) { }   // during process exit the logging providers may already be gone
    }

    // Last resort for owners that never call StopAsync: without it the server would outlive the process holding its port.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        try { StopAsync().Wait(TimeSpan.FromSeconds(30)); }
        catch (Exception) { /* the process is exiting; nothing left to report to */ }
    }

    // pg_ctl -w returns once the postmaster reports ready, but a first connection can still race recovery; retry briefly.
    private async Task<string> WaitUntilReadyAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ReadinessTimeout;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(Build(Port, "postgres", pooling: false));
                await connection.OpenAsync(ct);
                return connection.PostgreSqlVersion.ToString();
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, ct);
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL started (pid {_postmasterPid}, port {Port}) but did not accept connections within " +
                    $"{ReadinessTimeout.TotalSeconds:0} s: {ex.Message}", ex);
            }
        }
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(Build(Port, "postgres", pooling: false));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null) return;

        _logger.LogInformation("Creating database {Database}", database);
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    private static string Build(int port, string database, bool pooling)
    {
        var builder = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Database = database, Username = Superuser };
        if (!pooling) builder.Pooling = false;   // admin connections only; the app's string keeps Npgsql's defaults
        return builder.ConnectionString;
    }
}

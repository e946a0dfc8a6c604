using Npgsql;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the machine's server binaries, listening on a 127.0.0.1 port with trust
/// authentication. One data folder has one server, shared by every process (and every instance) that starts on it:
/// <see cref="StartAsync"/> joins the server already running there, or starts one; <see cref="StopAsync"/> leaves it
/// running while anyone else still uses it, and the last one out stops it. If the owner forgets to stop, that happens
/// when the process exits.
/// </summary>
public sealed class EmbeddedPostgresServer : IAsyncDisposable
{
    public const string Superuser = "claimsledger";
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(20);

    private readonly PostgresCluster _cluster;
    private readonly ClusterLeases _leases;
    private readonly ClusterLease _lease;
    private readonly string _home;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _stopping;

    private EmbeddedPostgresServer(
        PostgresCluster cluster, string home, ClusterLeases leases, ClusterLease lease, int port, string database, bool joined, ILogger logger)
    {
        _cluster = cluster;
        _home = home;
        _leases = leases;
        _lease = lease;
        _logger = logger;
        Port = port;
        JoinedRunningServer = joined;
        ConnectionString = LoopbackConnection.For(port, database);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Host=127.0.0.1;Port=…;Database=…;Username=claimsledger — no password: trust on loopback only.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster folder itself (…/pgdata); under the temp folder when relocated for the postgres user (see the log).</summary>
    public string DataDirectory => _cluster.DataDirectory;

    public int Port { get; }

    /// <summary>True when the server was already running on the data folder (another process's or instance's); false when this instance started it.</summary>
    public bool JoinedRunningServer { get; }

    /// <summary>The folder of the lease files of everyone using this server (beside pgdata).</summary>
    internal string LeaseFolder => _leases.Folder;

    /// <summary>
    /// Joins the server running on <see cref="EmbeddedPostgresOptions.DataDirectory"/> if it answers, else starts one
    /// (creating the cluster on first use), and creates the database if missing.
    /// </summary>
    public static async Task<EmbeddedPostgresServer> StartAsync(EmbeddedPostgresOptions options, ILogger logger, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Database);
        logger = new ExitSafeLogger(logger);

        var bin = PostgresBinaries.Locate(options.BinDirectory) ?? throw new PostgresBinariesNotFoundException(options.BinDirectory);
        logger.LogDebug("Using PostgreSQL server binaries in {BinDirectory}", bin);
        var account = await ServerAccount.DetectAsync(ct);
        // The lock and the leases live in the home folder, not in pgdata: root writes there even when pgdata belongs
        // to the postgres user, and pgdata must hold nothing but the cluster.
        var home = await ClusterLocation.ResolveAsync(options.DataDirectory, account, logger, ct);
        var cluster = new PostgresCluster(bin, account, Path.Combine(home, "pgdata"), logger);
        var leases = new ClusterLeases(Path.Combine(home, "leases"));

        using var decision = await StartStopLock.AcquireAsync(home, logger, ct);
        var (port, joined) = await JoinOrStartAsync(cluster, options.AttachTimeout, logger, ct);

        var server = new EmbeddedPostgresServer(cluster, home, leases, leases.Take(), port, options.Database, joined, logger);
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
            server.ForgetProcessExit();
            await server.LeaveOrLogAsync();   // the decision lock is already ours
            throw;
        }
    }

    /// <summary>
    /// Drops this instance's lease and stops the server if no other live process or instance holds one — whoever
    /// started it, and even if it was restarted from outside since. Never throws for a server that will not stop: that
    /// is logged. Idempotent; concurrent callers share one stop.
    /// </summary>
    public Task StopAsync()
    {
        lock (_gate) return _stopping ??= StopCoreAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task<(int Port, bool Joined)> JoinOrStartAsync(
        PostgresCluster cluster, TimeSpan attachTimeout, ILogger logger, CancellationToken ct)
    {
        var running = cluster.FindRunning();
        if (running is { Port: { } port })
        {
            var probe = await ServerProbe.WaitForAnswerAsync(port, attachTimeout, ct);
            if (probe.Answered)
            {
                logger.LogInformation("Using the PostgreSQL server already running on {DataDirectory} (pid {Pid}, 127.0.0.1:{Port})",
                    cluster.DataDirectory, running.Pid, port);
                return (port, true);
            }
            logger.LogWarning(
                "PostgreSQL (pid {Pid}) holds {DataDirectory} but did not answer on 127.0.0.1:{Port} within {Seconds:0} s ({Reason}); " +
                "killing it and starting a new server on the same port",
                running.Pid, cluster.DataDirectory, port, attachTimeout.TotalSeconds, probe.LastError?.GetBaseException().Message);
            await cluster.ReplaceUnresponsiveAsync(running.Pid, ct);
        }
        else if (running is not null)
        {
            logger.LogWarning("PostgreSQL (pid {Pid}) holds {DataDirectory} but its postmaster.pid names no port; killing it and starting a new server",
                running.Pid, cluster.DataDirectory);
            await cluster.ReplaceUnresponsiveAsync(running.Pid, ct);
        }

        await cluster.InitializeAsync(Superuser, ct);
        await cluster.PrepareAsync(ct);
        return ((await cluster.StartAsync(running?.Port, ct)).Port, false);
    }

    private async Task StopCoreAsync()
    {
        ForgetProcessExit();
        StartStopLock decision;
        try
        {
            decision = await StartStopLock.AcquireAsync(_home, _logger, CancellationToken.None);
        }
        catch (EmbeddedPostgresException ex)
        {
            _logger.LogWarning("The embedded PostgreSQL in {DataDirectory} is left running, since it could not be stopped: {Reason}", DataDirectory, ex.Message);
            return;
        }
        using (decision) await LeaveOrLogAsync();
    }

    // Caller holds the decision lock.
    private async Task LeaveOrLogAsync()
    {
        try
        {
            await LeaveAsync();
        }
        catch (EmbeddedPostgresException ex)
        {
            _logger.LogWarning("The embedded PostgreSQL in {DataDirectory} is left running, since it could not be stopped: {Reason}", DataDirectory, ex.Message);
        }
    }

    private async Task LeaveAsync()
    {
        _lease.Drop();
        var others = _leases.LiveHolders(_logger);
        if (others.Count > 0)
        {
            _logger.LogInformation("Leaving the embedded PostgreSQL in {DataDirectory} running: still used by process(es) {Pids}",
                DataDirectory, string.Join(", ", others.Distinct()));
            return;
        }

        // Whatever postmaster runs now, not the one this instance saw at start: it may have been restarted from outside.
        if (_cluster.FindRunning() is not { } running)
        {
            _logger.LogInformation("The embedded PostgreSQL in {DataDirectory} was already stopped", DataDirectory);
            return;
        }
        await _cluster.StopAsync(running.Pid, CancellationToken.None);
        _logger.LogInformation("Embedded PostgreSQL in {DataDirectory} stopped (pid {Pid})", DataDirectory, running.Pid);
    }

    private void ForgetProcessExit() => AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

    // Last resort for owners that never call StopAsync: without it the server would outlive the last process using it.
    private void OnProcessExit(object? sender, EventArgs e)
    {
        try { StopAsync().Wait(TimeSpan.FromSeconds(30)); }
        catch (Exception) { /* the process is exiting; nothing left to report to */ }
    }

    private async Task<string> WaitUntilReadyAsync(CancellationToken ct)
    {
        var probe = await ServerProbe.WaitForAnswerAsync(Port, ReadinessTimeout, ct);
        return probe.Version ?? throw new EmbeddedPostgresException(
            $"PostgreSQL on {DataDirectory} did not accept connections on port {Port} within {ReadinessTimeout.TotalSeconds:0} s: " +
            probe.LastError?.Message, probe.LastError);
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(LoopbackConnection.Admin(Port));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(ct) is not null) return;

        _logger.LogInformation("Creating database {Database}", database);
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }
}

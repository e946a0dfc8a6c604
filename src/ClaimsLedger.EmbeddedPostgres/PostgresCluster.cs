namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>A postmaster found running on the data folder; <see cref="Port"/> is null while postmaster.pid does not name one yet.</summary>
internal sealed record RunningPostmaster(int Pid, int? Port);

/// <summary>One PostgreSQL data folder and the pg_ctl/initdb commands that act on it, run by <see cref="ServerAccount"/>.</summary>
internal sealed class PostgresCluster(string binDirectory, ServerAccount account, string pgdata, ILogger logger)
{
    private const int StartAttempts = 4;
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);   // pg_ctl's own -t 60, plus slack

    public string DataDirectory { get; } = pgdata;
    private string LogFile => Path.Combine(DataDirectory, "log", "server.log");

    /// <summary>
    /// initdb on first start. It writes into a scratch folder renamed into place when complete, so a run killed during
    /// initdb leaves no half-made cluster that later starts would mistake for a real one.
    /// </summary>
    public async Task InitializeAsync(string superuser, CancellationToken ct)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;
        if (Directory.Exists(DataDirectory) && Directory.EnumerateFileSystemEntries(DataDirectory).Any())
            throw new EmbeddedPostgresException(
                $"{DataDirectory} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move its contents away and start again.");

        var scratch = DataDirectory + ".initdb";
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        await account.GiveOwnershipAsync(scratch, ct);

        logger.LogInformation("Creating the embedded PostgreSQL cluster in {DataDirectory}", DataDirectory);
        // Trust only covers what initdb writes into pg_hba.conf: the local socket and 127.0.0.1/::1. The server also
        // listens on 127.0.0.1 alone. --no-locale: C collation needs no OS locale, which slim containers often lack.
        var initdb = await account.RunAsync(PostgresBinaries.ToolPath(binDirectory, "initdb"),
            ["-D", scratch, "-U", superuser, "--auth=trust", "-E", "UTF8", "--no-locale"], ct, TimeSpan.FromMinutes(3));
        if (!initdb.Succeeded) throw initdb.ToException("initdb could not create the embedded PostgreSQL cluster");

        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory);   // empty, checked above
        Directory.Move(scratch, DataDirectory);
    }

    /// <summary>The server log folder, and (as root) the postgres user's ownership of everything, whoever made it.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LogFile)!);
        await account.GiveOwnershipAsync(DataDirectory, ct);
    }

    /// <summary>
    /// The postmaster running on this data folder now — whoever started it, and on the port it really listens on — or
    /// null when none runs. A lock file left behind by a server that died is removed on the way.
    /// </summary>
    public RunningPostmaster? FindRunning()
    {
        switch (PostmasterLock.Inspect(DataDirectory, out var pid))
        {
            case LockState.Running:
                return new RunningPostmaster(pid, PostmasterLock.ReadPort(DataDirectory));
            case LockState.Stale:
                logger.LogInformation("Removing stale {LockFile} (pid {Pid} is gone) left by an earlier run", PostmasterLock.FileIn(DataDirectory), pid);
                PostmasterLock.RemoveStale(DataDirectory);
                return null;
            case LockState.Foreign:
                logger.LogWarning("{LockFile} names pid {Pid}, a PostgreSQL process of another data folder; leaving it to postgres", PostmasterLock.FileIn(DataDirectory), pid);
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Starts the server on <paramref name="preferredPort"/> when given (so processes still holding connection strings
    /// to a replaced server reach its successor), else on a fresh loopback port; returns the port and the postmaster's pid.
    /// </summary>
    public async Task<(int Port, int Pid)> StartAsync(int? preferredPort, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = attempt == 1 && preferredPort is { } preferred ? preferred : LoopbackPorts.Free();
            var logStart = File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;
            var options = $"-p {port} -c listen_addresses=127.0.0.1 -c max_connections=200 " +
                          // Durability stays on even for a dev server: this is a ledger, and tests should see real behaviour.
                          "-c fsync=on -c synchronous_commit=on -c full_page_writes=on " +
                          string.Concat(ServerTuning.All.Select(setting => $"-c {setting} ")).TrimEnd() +
                          // No Unix socket at all, so nothing can clash with a system cluster's /var/run/postgresql/.s.PGSQL.5432.
                          // pg_ctl hands -o to /bin/sh, which turns '' into the empty value.
                          (OperatingSystem.IsWindows() ? "" : " -c unix_socket_directories=''");
            var start = await account.RunAsync(PostgresBinaries.ToolPath(binDirectory, "pg_ctl"),
                ["-D", DataDirectory, "-w", "-t", "60", "-l", LogFile, "-o", options, "start"], ct, PgCtlTimeout, ServerTuning.Environment);
            if (start.Succeeded && PostmasterLock.ReadPid(DataDirectory) is { } pid) return (port, pid);

            var log = ReadLogFrom(logStart);
            // Two races are worth another go: the port was taken between probing and binding, or a killed server's
            // children still hold its shared memory for a moment after the postmaster died.
            var transient = log.Contains("could not bind", StringComparison.OrdinalIgnoreCase) ||
                            log.Contains("still in use", StringComparison.OrdinalIgnoreCase);
            if (!transient || attempt == StartAttempts)
                throw start.ToException($"pg_ctl could not start the embedded PostgreSQL server (log: {LogFile})", log);
            logger.LogInformation("PostgreSQL start attempt {Attempt} failed transiently; retrying", attempt);
            await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), ct);
            if (PostmasterLock.Inspect(DataDirectory, out _) == LockState.Stale) PostmasterLock.RemoveStale(DataDirectory);
        }
    }

    /// <summary>
    /// Fast shutdown (rolls back open transactions, checkpoints, exits) of whatever postmaster runs on this data folder;
    /// immediate if fast does not finish. Throws with a one-line reason when the server survives both.
    /// </summary>
    public async Task StopAsync(int pid, CancellationToken ct)
    {
        var fast = await PgCtlStopAsync("fast", TimeSpan.FromSeconds(30), ct);
        if (fast.Succeeded || !ProcessLiveness.IsAlive(pid))
        {
            await WaitForExitAsync(pid, ct);
            return;
        }

        logger.LogWarning("Fast shutdown of PostgreSQL (pid {Pid}) failed ({Reason}); using immediate shutdown", pid, fast.LastLine);
        var immediate = await PgCtlStopAsync("immediate", TimeSpan.FromSeconds(30), ct);
        if (!immediate.Succeeded && ProcessLiveness.IsAlive(pid))
            throw immediate.ToOneLineException($"pg_ctl could not stop PostgreSQL (pid {pid}) in {DataDirectory}");
        await WaitForExitAsync(pid, ct);
    }

    // pg_ctl reports a stop once postmaster.pid is gone, but the postmaster unlinks it on its way out, a moment before
    // the process ends: callers (and a restart on the same folder) are promised a server that no longer runs.
    private static async Task WaitForExitAsync(int pid, CancellationToken ct)
    {
        for (var i = 0; i < 500 && ProcessLiveness.IsAlive(pid); i++) await Task.Delay(20, ct);
    }

    /// <summary>
    /// Ends a postmaster that is alive but does not answer (hung, or stopped with SIGSTOP): it would neither serve nor
    /// shut down cleanly, so immediate shutdown, then SIGKILL, and its lock file goes with it.
    /// </summary>
    public async Task ReplaceUnresponsiveAsync(int pid, CancellationToken ct)
    {
        await PgCtlStopAsync("immediate", TimeSpan.FromSeconds(10), ct);
        if (ProcessLiveness.IsAlive(pid))
        {
            try
            {
                using var postmaster = System.Diagnostics.Process.GetProcessById(pid);
                postmaster.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException) { /* gone meanwhile */ }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new EmbeddedPostgresException(
                    $"PostgreSQL (pid {pid}) in {DataDirectory} does not answer and could not be killed: {ex.Message}", ex);
            }
            await WaitForExitAsync(pid, ct);
        }
        if (PostmasterLock.Inspect(DataDirectory, out _) == LockState.Stale) PostmasterLock.RemoveStale(DataDirectory);
    }

    private Task<ProcessResult> PgCtlStopAsync(string mode, TimeSpan wait, CancellationToken ct) =>
        account.RunAsync(PostgresBinaries.ToolPath(binDirectory, "pg_ctl"),
            ["-D", DataDirectory, "-m", mode, "-w", "-t", $"{wait.TotalSeconds:0}", "stop"], ct, wait + TimeSpan.FromSeconds(30));

    // Port 0 makes the OS pick a free port; released at once so postgres can bind it (a tiny race, retried above).

    private string ReadLogFrom(long offset)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
            return ProcessResult.Tail(new StreamReader(stream).ReadToEnd(), 20);
        }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}

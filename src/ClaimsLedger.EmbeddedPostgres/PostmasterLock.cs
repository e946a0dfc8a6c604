namespace ClaimsLedger.EmbeddedPostgres;

internal enum LockState
{
    /// <summary>No postmaster.pid: the server is not running.</summary>
    None,
    /// <summary>postmaster.pid names a process that is gone (or is no PostgreSQL): a killed run left it behind.</summary>
    Stale,
    /// <summary>A server runs on this data folder: another process's, one restarted from outside, or one left running.</summary>
    Running,
    /// <summary>A PostgreSQL process holds the pid but runs another data folder (pid reuse); leave the verdict to postgres.</summary>
    Foreign,
}

/// <summary>
/// Reads <c>postmaster.pid</c>, the lock file a running server keeps in its data folder. Its lines: pid, data folder,
/// start time, port, socket folder, listen address, shared memory key, status.
/// </summary>
internal static class PostmasterLock
{
    private const int PidLine = 0;
    private const int PortLine = 3;

    public static string FileIn(string pgdata) => Path.Combine(pgdata, "postmaster.pid");

    public static int? ReadPid(string pgdata) => ReadNumber(pgdata, PidLine);

    /// <summary>The port the running server listens on — whoever started it and with whatever options.</summary>
    public static int? ReadPort(string pgdata) => ReadNumber(pgdata, PortLine) is { } port and <= 65535 ? port : null;

    public static LockState Inspect(string pgdata, out int pid)
    {
        pid = 0;
        if (!File.Exists(FileIn(pgdata))) return LockState.None;
        if (ReadPid(pgdata) is not { } found) return LockState.Stale;   // torn or empty: the writer died mid-write
        pid = found;

        if (!ProcessLiveness.IsPostgresProcess(found)) return LockState.Stale;
        // On Linux the postmaster keeps its original command line (pg_ctl passes -D <pgdata>), which tells our server
        // from another cluster's process that happens to have been given the recycled pid.
        var cmdline = $"/proc/{found}/cmdline";
        if (!File.Exists(cmdline)) return LockState.Running;
        try
        {
            var args = File.ReadAllText(cmdline).Split('\0');
            return args.Contains(Path.TrimEndingDirectorySeparator(pgdata)) ? LockState.Running : LockState.Foreign;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return LockState.Running; }
    }

    /// <summary>Deletes a lock file whose process is gone, so pg_ctl neither warns nor trips over a recycled pid.</summary>
    public static void RemoveStale(string pgdata)
    {
        try { File.Delete(FileIn(pgdata)); }
        catch (DirectoryNotFoundException) { }
    }

    private static int? ReadNumber(string pgdata, int line)
    {
        try
        {
            using var reader = new StreamReader(FileIn(pgdata));
            for (var i = 0; i < line; i++)
                if (reader.ReadLine() is null) return null;
            return int.TryParse(reader.ReadLine(), out var value) && value > 0 ? value : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException) { return null; }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}

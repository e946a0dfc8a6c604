using System.Diagnostics;

namespace ClaimsLedger.Api.Postgres;

internal enum LockState
{
    /// <summary>No postmaster.pid: the server is not running.</summary>
    None,
    /// <summary>postmaster.pid names a process that is gone (or is no PostgreSQL): a killed run left it behind.</summary>
    Stale,
    /// <summary>The server on this data folder is still running, e.g. its owner was killed without stopping it.</summary>
    Running,
    /// <summary>A PostgreSQL process holds the pid but runs another data folder (pid reuse); leave the verdict to postgres.</summary>
    Foreign,
}

/// <summary>Reads <c>postmaster.pid</c>, the lock file a running server keeps in its data folder (first line: its pid).</summary>
internal static class PostmasterLock
{
    public static string FileIn(string pgdata) => Path.Combine(pgdata, "postmaster.pid");

    public static int? ReadPid(string pgdata)
    {
        try
        {
            using var reader = new StreamReader(FileIn(pgdata));
            return int.TryParse(reader.ReadLine(), out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException) { return null; }
        catch (IOException) { return null; }
    }

    public static LockState Inspect(string pgdata, out int pid)
    {
        pid = 0;
        if (!File.Exists(FileIn(pgdata))) return LockState.None;
        if (ReadPid(pgdata) is not { } found) return LockState.Stale;   // torn or empty: the writer died mid-write
        pid = found;

        if (!IsPostgresProcess(found)) return LockState.Stale;
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

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException) { return false; }
    }

    private static bool IsPostgresProcess(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid) && process.ProcessName is "postgres" or "postmaster";
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    // A killed postmaster is re-parented; if nothing reaps it, it lingers as a zombie that still "exists" for kill(pid, 0).
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 1)..].TrimStart();
            return state.StartsWith('Z') || state.StartsWith('X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }
}

using System.Diagnostics;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>Whether a process id still names a running process — and, given its start time, the same process.</summary>
internal static class ProcessLiveness
{
    // Start times come from /proc (clock ticks since boot), so the same process always reads the same instant;
    // the tolerance only absorbs rounding, while a recycled pid started seconds or days later falls outside it.
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(1);

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !IsZombie(pid);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException) { return false; }
    }

    /// <summary>
    /// True when <paramref name="pid"/> runs and started at <paramref name="startedUtc"/>: a pid recycled by an
    /// unrelated process since does not count. When the start time cannot be read the process counts as alive, since
    /// wrongly keeping a server running costs far less than stopping one that is in use.
    /// </summary>
    public static bool IsAlive(int pid, DateTime startedUtc)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            if (process.HasExited || IsZombie(pid)) return false;
            return (process.StartTime.ToUniversalTime() - startedUtc).Duration() <= StartTimeTolerance;
        }
        catch (Exception ex) when (ex is ArgumentException) { return false; }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return IsAlive(pid);
        }
    }

    public static DateTime StartTimeOfCurrentProcess()
    {
        using var self = Process.GetCurrentProcess();
        return self.StartTime.ToUniversalTime();
    }

    public static bool IsPostgresProcess(int pid)
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

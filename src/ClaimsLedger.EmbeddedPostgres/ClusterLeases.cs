using System.Globalization;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Who uses the server of one cluster. Every <see cref="EmbeddedPostgresServer"/> — in this process or another — holds
/// a lease file <c>leases/&lt;pid&gt;-&lt;id&gt;.lease</c> beside <c>pgdata</c> while it uses the server, so the last
/// one out stops it, whichever started it. The file names the process and records its start time: a lease of a process
/// that died without dropping it (killed, crashed) is recognised as dead even once its pid is recycled, and removed.
/// Only read or changed under the <see cref="StartStopLock"/>.
/// </summary>
internal sealed class ClusterLeases(string folder)
{
    private const string Extension = ".lease";

    public string Folder { get; } = folder;

    public ClusterLease Take() => Take(Environment.ProcessId, ProcessLiveness.StartTimeOfCurrentProcess());

    /// <summary>A lease in the name of any process; the tests use it to leave one behind for a process that is gone.</summary>
    internal ClusterLease Take(int pid, DateTime startedUtc)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"{pid}-{Guid.NewGuid():N}{Extension}");
        // Written beside and renamed into place, so a reader never sees a half-written lease.
        var scratch = path + ".tmp";
        File.WriteAllText(scratch, startedUtc.ToString("O", CultureInfo.InvariantCulture));
        File.Move(scratch, path);
        return new ClusterLease(path);
    }

    /// <summary>Pids holding a lease whose process still runs; leases of processes that are gone are deleted on the way.</summary>
    public IReadOnlyList<int> LiveHolders(ILogger logger)
    {
        if (!Directory.Exists(Folder)) return [];
        var live = new List<int>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var dash = name.IndexOf('-');
            if (dash <= 0 || !int.TryParse(name[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;

            if (IsHeldBy(path, pid))
            {
                live.Add(pid);
                continue;
            }
            logger.LogInformation("Removing the lease of process {Pid}, which is gone: it no longer keeps PostgreSQL running", pid);
            Delete(path);
        }
        return live;
    }

    private static bool IsHeldBy(string path, int pid)
    {
        string recorded;
        try { recorded = File.ReadAllText(path).Trim(); }
        catch (FileNotFoundException) { return false; }
        return DateTime.TryParse(recorded, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started)
            ? ProcessLiveness.IsAlive(pid, started.ToUniversalTime())
            : ProcessLiveness.IsAlive(pid);
    }

    internal static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (DirectoryNotFoundException) { }
    }
}

/// <summary>One <see cref="EmbeddedPostgresServer"/>'s claim on the running server; see <see cref="ClusterLeases"/>.</summary>
internal sealed record ClusterLease(string Path)
{
    public void Drop() => ClusterLeases.Delete(Path);
}

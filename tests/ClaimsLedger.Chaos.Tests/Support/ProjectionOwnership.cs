using System.Globalization;

namespace ClaimsLedger.Chaos.Tests.Support;

/// <summary>
/// Which node runs the async projections, found from outside the API so it can check the API's own answer. Marten's
/// HotCold daemon holds a session-level PostgreSQL advisory lock on a dedicated connection for as long as it runs the
/// projection; PostgreSQL knows the client port of that connection, and the kernel knows which process owns the socket.
/// </summary>
public static class ProjectionOwnership
{
    public sealed record LockHolder(long ClassId, long ObjId, int BackendPid, int ClientPort)
    {
        public override string ToString() => $"advisory lock ({ClassId},{ObjId}) held by backend {BackendPid} for client port {ClientPort}";
    }

    /// <summary>
    /// The advisory locks Marten holds. Wolverine's own lock connections carry an application name starting with
    /// "wolverine"; Marten's carry none, and in steady state its projection locks (one per async projection or subscription,
    /// all on the running node's one connection) are the only other advisory locks.
    /// </summary>
    public static async Task<List<LockHolder>> MartenLocksAsync(ChaosPostgres postgres)
    {
        var rows = await postgres.QueryAsync(
            "select l.classid::bigint, l.objid::bigint, l.pid, a.client_port from pg_locks l join pg_stat_activity a on a.pid = l.pid " +
            "where l.locktype = 'advisory' and l.granted and a.datname = current_database() and l.pid <> pg_backend_pid() " +
            "and coalesce(a.application_name, '') not like 'wolverine%'");
        return rows.Select(r => new LockHolder(Convert.ToInt64(r[0]), Convert.ToInt64(r[1]), Convert.ToInt32(r[2]), Convert.ToInt32(r[3]))).ToList();
    }

    /// <summary>The node whose process owns the local end of the TCP connection from <paramref name="clientPort"/>.</summary>
    public static ApiNode? NodeWithConnectionFrom(int clientPort, IEnumerable<ApiNode> nodes)
    {
        var inodes = SocketInodesWithLocalPort(clientPort);
        if (inodes.Count == 0) return null;
        foreach (var node in nodes)
        {
            if (node.Pid is not { } pid) continue;
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                        && inodes.Contains(target["socket:[".Length..^1])) return node;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }   // exited meanwhile
        }
        return null;
    }

    private static HashSet<string> SocketInodesWithLocalPort(int port)
    {
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode …
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 9 && fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal)) inodes.Add(fields[9]);
            }
        }
        return inodes;
    }
}

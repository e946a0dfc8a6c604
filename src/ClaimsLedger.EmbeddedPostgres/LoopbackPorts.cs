using System.Net;
using System.Net.Sockets;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Free loopback ports for servers that may be restarted on the port they had (the embedded PostgreSQL, the test
/// harnesses' API processes and webhook receivers).
/// </summary>
/// <remarks>
/// Binding port 0 hands out a port from the kernel's ephemeral range, the range outgoing connections take their source
/// ports from. Such a port is free only until some client connection (a connection pool's, a test's HTTP client's) is
/// given it as its source port; a server restarted on it then fails with "address already in use" — which is how a CI
/// run lost an API node the chaos tests had killed and restarted. Ports below that range are only ever taken by explicit
/// binds, so they come from there; a port handed out once is not handed out again by this process.
/// </remarks>
public static class LoopbackPorts
{
    private const int Lowest = 20_000;
    private const string EphemeralRangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly HashSet<int> HandedOut = [];

    public static int Free()
    {
        var below = EphemeralRangeStart();
        if (below - Lowest >= 1_000)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(Lowest, below);
                lock (HandedOut)
                {
                    if (HandedOut.Contains(port) || !CanBind(port)) continue;
                    HandedOut.Add(port);
                    return port;
                }
            }
        }
        // No room below the ephemeral range (or no Linux range to read): any free port, as before.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int EphemeralRangeStart()
    {
        try
        {
            var first = File.ReadAllText(EphemeralRangeFile).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return int.TryParse(first, out var start) ? start : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }
}

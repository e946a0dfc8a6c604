using System.Net.Sockets;
using Npgsql;

namespace ClaimsLedger.EmbeddedPostgres;

internal sealed record ProbeResult(string? Version, Exception? LastError)
{
    public bool Answered => Version is not null;
}

/// <summary>Connects to a server on a loopback port until it answers or the time is up.</summary>
internal static class ServerProbe
{
    /// <summary>
    /// Retries because a server that just started (or restarted) can still be in recovery or starting up
    /// ("the database system is starting up") for a moment after pg_ctl reports it ready.
    /// </summary>
    public static async Task<ProbeResult> WaitForAnswerAsync(int port, TimeSpan within, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(LoopbackConnection.Admin(port));
                await connection.OpenAsync(ct);
                return new ProbeResult(connection.PostgreSqlVersion.ToString(), null);
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                if (DateTime.UtcNow >= deadline) return new ProbeResult(null, ex);
                await Task.Delay(200, ct);
            }
        }
    }
}

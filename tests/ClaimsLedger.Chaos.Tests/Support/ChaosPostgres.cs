using System.Diagnostics;
using System.Net.Sockets;
using ClaimsLedger.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClaimsLedger.Chaos.Tests.Support;

/// <summary>
/// A private PostgreSQL for one test, started by the project's own embedded-server code, that the test can take down
/// and bring back on the same port. The same port matters: the API under test keeps its connection string, so only a
/// server reachable at the old address proves that the API recovers by itself.
/// </summary>
public sealed class ChaosPostgres : IAsyncDisposable
{
    private static readonly TimeSpan PgCtlTimeout = TimeSpan.FromSeconds(90);

    private readonly EmbeddedPostgresServer _server;
    private readonly string _root;
    private readonly string _pgCtl;

    private ChaosPostgres(EmbeddedPostgresServer server, string root, string pgCtl)
    {
        _server = server;
        _root = root;
        _pgCtl = pgCtl;
    }

    public string ConnectionString => _server.ConnectionString;
    public int Port => _server.Port;

    public static async Task<ChaosPostgres> StartAsync()
    {
        // Under /tmp, not the test's working folder: the postgres user must reach it, and /root is closed to it.
        var root = Path.Combine(Path.GetTempPath(), $"claimsledger-chaos-{Guid.NewGuid():N}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var server = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = root }, NullLogger.Instance, timeout.Token);
        try
        {
            // The pg_ctl beside the running postgres binary: the very version that owns the cluster.
            var postmaster = int.Parse(File.ReadLines(Path.Combine(server.DataDirectory, "postmaster.pid")).First().Trim());
            var binary = new FileInfo($"/proc/{postmaster}/exe").LinkTarget
                         ?? throw new InvalidOperationException($"Cannot tell which postgres binary runs as pid {postmaster}.");
            return new ChaosPostgres(server, root, Path.Combine(Path.GetDirectoryName(binary)!, "pg_ctl"));
        }
        catch
        {
            await server.StopAsync();
            throw;
        }
    }

    /// <summary>Fast shutdown, as an operator or a failover would do it; returns once nothing listens on the port.</summary>
    public async Task StopAsync()
    {
        await PgCtlAsync("-D", _server.DataDirectory, "-m", "fast", "-w", "-t", "60", "stop");
        (await AcceptsConnectionsAsync()).ShouldBeFalse($"PostgreSQL still accepts TCP connections on port {Port} after pg_ctl stop.");
    }

    /// <summary>Starts the cluster again on the port it had, with the settings the embedded launcher uses.</summary>
    public async Task StartAgainAsync()
    {
        var log = Path.Combine(_server.DataDirectory, "log", "server.log");
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=on -c synchronous_commit=on " +
                      "-c full_page_writes=on -c unix_socket_directories=''";
        await PgCtlAsync("-D", _server.DataDirectory, "-w", "-t", "60", "-l", log, "-o", options, "start");
    }

    public async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await client.ConnectAsync("127.0.0.1", Port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException) { return false; }
    }

    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        // Unpooled: the server is stopped and started under the test, and a pool would hand out dead connections.
        var unpooled = new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false, Timeout = 10, CommandTimeout = 30 }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private async Task PgCtlAsync(params string[] arguments)
    {
        // PostgreSQL refuses to run as root; as root, act as the postgres user the embedded launcher hands the cluster to.
        var info = Environment.IsPrivilegedProcess ? new ProcessStartInfo("runuser") : new ProcessStartInfo(_pgCtl);
        if (Environment.IsPrivilegedProcess) foreach (var a in new[] { "-u", "postgres", "--", _pgCtl }) info.ArgumentList.Add(a);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        info.RedirectStandardOutput = info.RedirectStandardError = info.RedirectStandardInput = true;
        info.WorkingDirectory = "/";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PgCtlTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pg_ctl {string.Join(' ', arguments)} did not finish within {PgCtlTimeout.TotalSeconds:0} s.");
        }
        process.ExitCode.ShouldBe(0, $"pg_ctl {string.Join(' ', arguments)} failed: {await stderr}{await stdout}");
    }

    public async ValueTask DisposeAsync()
    {
        // Stops whatever postmaster runs on the folder now, including one this class started behind the launcher's back.
        await _server.StopAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

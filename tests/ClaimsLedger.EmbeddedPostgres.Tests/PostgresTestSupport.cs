using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using Npgsql;

namespace ClaimsLedger.EmbeddedPostgres.Tests;

/// <summary>
/// A fresh data folder for one test, deleted afterwards together with any cluster relocated out of it. When the tests
/// run as root the cluster files belong to the postgres user; root deletes them anyway.
/// </summary>
internal sealed class TempDataDirectory : IDisposable
{
    private readonly List<string> _extra = [];

    public TempDataDirectory(string? under = null)
    {
        Root = Path.Combine(under ?? Path.GetTempPath(), $"claimsledger-pgtest-{Guid.NewGuid():N}");
    }

    public string Root { get; }

    public EmbeddedPostgresOptions Options => new() { DataDirectory = Root };

    /// <summary>Also delete the folder that holds <paramref name="dataDirectory"/> when the cluster was relocated.</summary>
    public void Track(EmbeddedPostgresServer server)
    {
        var home = Path.GetDirectoryName(server.DataDirectory)!;
        if (!home.StartsWith(Root, StringComparison.Ordinal)) _extra.Add(home);
    }

    public void Dispose()
    {
        foreach (var dir in _extra.Append(Root))
        {
            try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>Collects log lines so tests can check what the launcher told the operator (and echoes them to the test output).</summary>
internal sealed class ListLogger(ITestOutputHelper? output = null) : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Entries.Enqueue((logLevel, message));
        try { output?.WriteLine($"[{logLevel}] {message}"); }
        catch (InvalidOperationException) { }   // output is only valid while the test runs; ProcessExit stops log later
    }
}

internal static class Sql
{
    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Drops pooled connections so a stopped server leaves nothing half-open behind in this process.</summary>
    public static void ForgetPools() => NpgsqlConnection.ClearAllPools();
}

internal static class Leases
{
    /// <summary>A lease in the name of a process that has exited, as a killed owner leaves behind.</summary>
    public static void LeaveOneForADeadProcess(string leaseFolder)
    {
        using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        gone.WaitForExit();
        new ClusterLeases(leaseFolder).Take(gone.Id, DateTime.UtcNow.AddMinutes(-1));
    }
}

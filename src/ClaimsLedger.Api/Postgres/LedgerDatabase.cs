using System.Reflection;
using ClaimsLedger.Api.Configuration;
using ClaimsLedger.EmbeddedPostgres;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Where the ledger lives: the server named by <c>ConnectionStrings:Marten</c>, or else the embedded default, a private
/// PostgreSQL on <c>ClaimsLedger:DataDirectory</c> (shared with other processes on that folder; see
/// <see cref="EmbeddedPostgresServer"/>). The connection string is resolved once, by whoever asks first — the
/// hosted service's start or Marten's store factory — so a command that never touches the store starts no server.
/// </summary>
public sealed class LedgerDatabase : IHostedService
{
    /// <summary>The API's exit code when the embedded default has no PostgreSQL server binaries to start from.</summary>
    public const int BinariesMissingExitCode = 2;

    private readonly Lazy<Task<string>> _connectionString;
    private EmbeddedPostgresServer? _embedded;

    public LedgerDatabase(IConfiguration configuration, LedgerOptions ledger, ILoggerFactory loggers)
    {
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = new(Task.FromResult(configured));
            return;
        }

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.GetFullPath(ledger.DataDirectory),
            BinDirectory = ledger.PostgresBinDirectory,
        };
        var logger = loggers.CreateLogger("ClaimsLedger.Postgres");
        // Task.Run: the synchronous accessor blocks its caller, so the start must not need that caller's thread.
        // Not cancellable by any one caller, since every caller shares it.
        _connectionString = new(() => Task.Run(() => StartEmbeddedAsync(options, logger)));
    }

    /// <summary>The connection string, starting the embedded server on first use; for callers that cannot await.</summary>
    public string ConnectionString => _connectionString.Value.GetAwaiter().GetResult();

    /// <summary>Where the ledger lives, for the start-up line: the embedded cluster's folder, or the configured server (no password).</summary>
    public string Description
    {
        get
        {
            var where = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
            return _embedded is not null
                ? $"embedded PostgreSQL {_embedded.DataDirectory} (127.0.0.1:{where.Port}, database {where.Database})"
                : $"PostgreSQL {where.Host}:{where.Port}, database {where.Database} (ConnectionStrings:Marten)";
        }
    }

    /// <summary>The connection string, starting the embedded server on first use.</summary>
    public Task<string> GetConnectionStringAsync(CancellationToken ct = default) => _connectionString.Value.WaitAsync(ct);

    public Task StartAsync(CancellationToken cancellationToken) => GetConnectionStringAsync(cancellationToken);

    // Registered before Marten and Wolverine, so it stops after them: they flush before the server goes. Stopping
    // here leaves the server running while another process on the same data folder still uses it.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_connectionString.IsValueCreated) return;   // never started: nothing to stop, and nothing to start now
        try { await _connectionString.Value; }
        catch (Exception) { return; }   // the start failed and was reported to whoever asked
        if (_embedded is not null) await _embedded.StopAsync();
    }

    private async Task<string> StartEmbeddedAsync(EmbeddedPostgresOptions options, ILogger logger)
    {
        try
        {
            _embedded = await EmbeddedPostgresServer.StartAsync(options, logger);
        }
        catch (PostgresBinariesNotFoundException ex) when (Assembly.GetEntryAssembly() == typeof(LedgerDatabase).Assembly)
        {
            // This surfaces while the host starts, where the host's start-up log and JasperFx's command runner (which
            // catches everything) would each print it with a long stack trace. The message is already the whole how-to
            // for the operator, so it goes out once, alone, with its own exit code. Only when the API is the process:
            // an in-process test host must fail normally, not end the test run.
            await Console.Error.WriteLineAsync(ex.Message);
            Environment.Exit(BinariesMissingExitCode);
            throw;
        }
        logger.LogInformation("Embedded PostgreSQL is serving {Database} from {DataDirectory}", options.Database, _embedded.DataDirectory);
        return _embedded.ConnectionString;
    }
}

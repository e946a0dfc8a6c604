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
        var logger = loggers.CreateLogger("ClaimsLedger.Postgres");
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _connectionString = new(Task.FromResult(WithoutAutoPrepare(configured, logger)));
            return;
        }

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.GetFullPath(ledger.DataDirectory),
            BinDirectory = ledger.PostgresBinDirectory,
        };
        // Task.Run: the synchronous accessor blocks its caller, so the start must not need that caller's thread.
        // Not cancellable by any one caller, since every caller shares it.
        _connectionString = new(() => Task.Run(() => StartEmbeddedAsync(options, logger)));
    }

    /// <summary>
    /// The configured connection string as given, except Npgsql's automatic preparation (<c>Max Auto Prepare</c>), which is
    /// switched off. Npgsql 9 (npgsql/npgsql#6391, still open) keeps a wrong account of a connection's prepared statements
    /// after a command that failed while one of its statements was being prepared: a later command is sent under a name the
    /// server holds for another statement, or without the row shape it returns. Reproduced here on 9.0.4 (a failed insert
    /// in a rolled-back transaction, then the same insert: "unexpected backend message DataRow"; an earlier round met
    /// "bind message supplies 14 parameters, but prepared statement "_auto6" requires 4" after a deadlock). Commands fail
    /// in a ledger all the time (concurrent appends, deadlocks, cancelled reads), and Marten's loads and set-wise upserts of
    /// different documents share parameter shapes, so a statement run under another's name could read or write the wrong
    /// table without an error. The prepared reads prepare explicitly, in a round trip of their own, which this does not touch.
    /// </summary>
    public static string WithoutAutoPrepare(string connectionString, ILogger logger)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) return connectionString;
        logger.LogWarning("ConnectionStrings:Marten sets Max Auto Prepare={MaxAutoPrepare}; the ledger uses 0: Npgsql's automatic preparation can run a statement under another's name after a failed command (npgsql/npgsql#6391)",
            builder.MaxAutoPrepare);
        builder.MaxAutoPrepare = 0;
        return builder.ConnectionString;
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

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Where the ledger lives: the server named by <c>ConnectionStrings:Marten</c>, or else a private PostgreSQL
/// started from the machine's server binaries (the embedded default), stopped when the host stops.
/// </summary>
public sealed class LedgerDatabase(string connectionString, EmbeddedPostgres? embedded) : IHostedService
{
    public string ConnectionString { get; } = connectionString;

    public static async Task<LedgerDatabase> ResolveAsync(IConfiguration configuration, ILogger logger, CancellationToken ct = default)
    {
        var configured = configuration.GetConnectionString("Marten");
        if (!string.IsNullOrWhiteSpace(configured)) return new LedgerDatabase(configured, null);

        var options = new EmbeddedPostgresOptions
        {
            DataDirectory = Path.GetFullPath(configuration["ClaimsLedger:DataDirectory"] ?? ".claimsledger"),
            BinDirectory = configuration["ClaimsLedger:PostgresBinDirectory"],
        };
        var embedded = await EmbeddedPostgres.StartAsync(options, logger, ct);
        logger.LogInformation("Embedded PostgreSQL is serving {Database} from {DataDirectory}", options.Database, embedded.DataDirectory);
        return new LedgerDatabase(embedded.ConnectionString, embedded);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // Registered before Marten and Wolverine, so it stops after them: they flush before the server goes.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (embedded is not null) await embedded.StopAsync();
    }
}

using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// The ledger for a command that must not start the host: no seeds loaded, no projection daemon, no web server. Only
/// the database is started (the embedded one, or reached at the configured server) and its schema brought up to date,
/// then stopped again, so an embedded server shared with a running API keeps running for it.
/// </summary>
internal static class OfflineLedger
{
    public static async Task<T> RunAsync<T>(IHost host, Func<IServiceProvider, CancellationToken, Task<T>> work)
    {
        var database = host.Services.GetRequiredService<LedgerDatabase>();
        await database.StartAsync(CancellationToken.None);
        try
        {
            var store = host.Services.GetRequiredService<IDocumentStore>();
            await store.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync(ct: CancellationToken.None);
            return await work(host.Services, CancellationToken.None);
        }
        finally
        {
            await database.StopAsync(CancellationToken.None);
        }
    }
}

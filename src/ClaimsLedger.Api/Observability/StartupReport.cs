using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Postgres;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Once the API listens, one line an operator needs: where it serves and where its data lives. (What the seeds loaded
/// and who may change the ledger are said by <see cref="Seeds.SeedLoader"/> and <see cref="Access.AccessReport"/>.)
/// Everything else at start-up — schema changes, framework chatter — is left to debug level (appsettings.json).
/// </summary>
public sealed class StartupReport(IHostApplicationLifetime lifetime, IServer server, LedgerDatabase database, LedgerOptions options,
    ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var urls = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (urls.Count == 0) return;   // in-process test hosts do not listen
            logger.LogInformation("ClaimsLedger serving {Urls} (health /health/ready, OpenAPI /swagger/v1/swagger.json{SwaggerUi}); ledger in {Database}",
                string.Join(", ", urls), options.ServesSwaggerUi ? ", Swagger UI /swagger" : "", database.Description);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

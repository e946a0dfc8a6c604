using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Access;

/// <summary>Says once, at start, who can change the ledger: the operator should never have to guess.</summary>
public sealed class AccessReport(LedgerOptions options, ILogger<AccessReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        if (options.ApiKeys.Count == 0)
            logger.LogWarning("No API keys are configured (ClaimsLedger:ApiKeys): callers name themselves with X-Actor and act as admins, so only loopback should reach this API.");
        else
            logger.LogInformation("Access by API key: {Count} keys ({Roles})", options.ApiKeys.Count,
                string.Join(", ", options.ApiKeys.GroupBy(k => k.Role).Select(g => $"{g.Count()} {g.Key}")));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Ready means reads are current: the async projections (the alignment) have processed the event log up to at most
/// <see cref="HealthOptions.MaxProjectionLag"/> events behind its head. Read from the shared progress table, so it holds
/// whichever node runs them.
/// </summary>
public sealed class ProjectionLag(IDocumentStore store, LedgerOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var head = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence
                   ?? await LastSequenceAsync(ct);
        var slowest = progress.Where(p => p.ShardName != "HighWaterMark").Select(p => (p.ShardName, p.Sequence)).DefaultIfEmpty(("none", head)).MinBy(p => p.Item2);
        var lag = head - slowest.Item2;
        var data = new Dictionary<string, object> { ["head"] = head, ["slowest"] = slowest.Item1, ["lag"] = lag };
        return lag <= options.Health.MaxProjectionLag
            ? HealthCheckResult.Healthy($"Projections are {lag} events behind the head.", data)
            : HealthCheckResult.Unhealthy($"{slowest.Item1} is {lag} events behind the head (allowed: {options.Health.MaxProjectionLag}).", data: data);
    }

    private async Task<long> LastSequenceAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
    }
}

/// <summary><c>ClaimsLedger:Health</c>.</summary>
public sealed class HealthOptions
{
    /// <summary>How far (in events) the async projections may trail the event log before the API reports itself not ready.</summary>
    public long MaxProjectionLag { get; set; } = 10_000;
}

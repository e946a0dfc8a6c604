using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Ready means reads are current: the async projections (the alignment) have processed the event log up to at most
/// <see cref="HealthOptions.MaxProjectionLag"/> events behind its head. Read from the shared progress table, so it holds
/// whichever node runs them.
/// </summary>
public sealed class ProjectionLag(IDocumentStore store, LedgerOptions options, IProjectionCoordinator coordinator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var head = progress.FirstOrDefault(p => p.ShardName == "HighWaterMark")?.Sequence
                   ?? await LastSequenceAsync(ct);
        var slowest = progress.Where(p => p.ShardName != "HighWaterMark").Select(p => (p.ShardName, p.Sequence)).DefaultIfEmpty(("none", head)).MinBy(p => p.Item2);
        var lag = head - slowest.Item2;
        var data = new Dictionary<string, object> { ["head"] = head, ["slowest"] = slowest.Item1, ["lag"] = lag, ["runningHere"] = RunningHere() };
        return lag <= options.Health.MaxProjectionLag
            ? HealthCheckResult.Healthy($"Projections are {lag} events behind the head.", data)
            : HealthCheckResult.Unhealthy($"{slowest.Item1} is {lag} events behind the head (allowed: {options.Health.MaxProjectionLag}).", data: data);
    }

    /// <summary>
    /// The async projections and subscriptions this node runs: with several nodes on one database each runs on one of
    /// them (HotCold), and an operator (or a rebuild request, which only that node accepts) needs to know which.
    /// </summary>
    private string[] RunningHere()
    {
        try
        {
            return coordinator.DaemonForMainDatabase().CurrentAgents().Select(a => a.Name.Identity).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return [];   // the daemon is not started yet, or already stopping
        }
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

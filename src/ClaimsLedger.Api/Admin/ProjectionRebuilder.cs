using JasperFx.Events.Projections;
using Marten;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Runs accepted rebuilds in the background, one projection after another, on the host's own daemon (a second
/// daemon beside it would race it for the async shards), and records how each rebuild ended.
/// </summary>
public sealed class ProjectionRebuilder(ProjectionRebuilds rebuilds, IDocumentStore store, IProjectionCoordinator coordinator,
    ILogger<ProjectionRebuilder> logger) : BackgroundService
{
    // The daemon gives up waiting for a shard to reach the high-water mark after this long; a replay of
    // millions of events through the alignment takes minutes, not hours.
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RebuildHistory.FailInterruptedAsync(store, logger, stoppingToken);
        await foreach (var rebuild in rebuilds.Pending(stoppingToken))
        {
            try { await RunAsync(rebuild, stoppingToken); }
            finally { rebuilds.Release(rebuild); }
        }
    }

    private async Task RunAsync(RebuildProgress rebuild, CancellationToken ct)
    {
        object outcome;
        try
        {
            var daemon = coordinator.DaemonForMainDatabase();
            using var subscription = daemon.Tracker.Subscribe(rebuild);
            var lifecycles = RebuildableProjections.Of(store).ToDictionary(p => p.Name, p => p.Lifecycle);
            foreach (var name in rebuild.Projections)
            {
                rebuild.Begin(name);
                try
                {
                    await daemon.RebuildProjectionAsync(name, ShardTimeout, ct);
                }
                finally
                {
                    // The rebuild leaves an async projection's agent stopped (CRITTER-STACK.md, finding 6): without
                    // this, events recorded afterwards would never reach the alignment. Also after a failure, so
                    // the projection carries on from wherever the replay stopped.
                    if (lifecycles[name] == ProjectionLifecycle.Async)
                        await daemon.StartAgentAsync($"{name}:All", CancellationToken.None);
                }
                rebuild.Finish(name, await PersistedSequenceAsync(name, ct));
                logger.LogInformation("Rebuild {Id}: {Projection} replayed, {Processed} of {Total}", rebuild.Id, name, rebuild.Processed, rebuild.Total);
            }
            outcome = new ProjectionRebuildCompleted(rebuild.Id, rebuild.Processed, rebuild.Total, rebuild.Actor);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Rebuild {Id} failed", rebuild.Id);
            var error = ct.IsCancellationRequested ? "The service stopped before the rebuild finished." : ex.Message;
            outcome = new ProjectionRebuildFailed(rebuild.Id, rebuild.Processed, rebuild.Total, error, rebuild.Actor);
        }
        // Recorded even while shutting down: the embedded database stops after this service.
        await RebuildHistory.RecordAsync(store, rebuild, outcome, CancellationToken.None);
    }

    private async Task<long> PersistedSequenceAsync(string projection, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        return progress.Where(s => s.ShardName.StartsWith(projection + ":", StringComparison.Ordinal)).Select(s => s.Sequence).DefaultIfEmpty(0).Min();
    }
}

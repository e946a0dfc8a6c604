using ClaimsLedger.Api.Configuration;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.OutputCaching;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Runs accepted rebuilds in the background, two projections at a time (<see cref="RebuildOptions"/>), and records how each rebuild ended. The async
/// projections (the alignment, the contradictions) are rebuilt blue/green beside their live tables (<see cref="BlueGreenRebuild"/>),
/// so their reads stay whole. Inline projections are replayed over their live documents (<see cref="InlineRebuild"/>), so writes
/// made meanwhile are kept and reads stay complete too.
/// </summary>
public sealed class ProjectionRebuilder(ProjectionRebuilds rebuilds, IDocumentStore store, IProjectionCoordinator coordinator,
    IServiceProvider services, LedgerOptions options, ILogger<ProjectionRebuilder> logger) : BackgroundService
{
    private readonly BlueGreenRebuild _blueGreen = new(store, coordinator, services, logger);
    private readonly InlineRebuild _inline = new(store, logger);

    // A rebuild gives up waiting for a shard to reach the high-water mark (the live one, for a blue/green rebuild)
    // after this long; a replay of millions of events through the alignment takes minutes, not hours.
    private static readonly TimeSpan ShardTimeout = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await FailInterruptedAsync(stoppingToken);
        await foreach (var rebuild in rebuilds.Pending(stoppingToken))
        {
            try { await RunAsync(rebuild, stoppingToken); }
            finally
            {
                rebuilds.Release(rebuild);
                rebuilds.Ended(rebuild);
            }
        }
    }

    private async Task RunAsync(RebuildProgress rebuild, CancellationToken ct)
    {
        string? error = null;
        try
        {
            var lifecycles = RebuildableProjections.Of(store).ToDictionary(p => p.Name, p => p.Lifecycle);
            await EmptyReadCacheAsync(ct);
            await TableSwap.DropLeftoverRebuildSchemasAsync(store, ct);
            error = await ReplayAllAsync(rebuild, lifecycles, ct);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Rebuild {Id} failed", rebuild.Id);
            error = ct.IsCancellationRequested ? "The service stopped before the rebuild finished." : ex.Message;
        }
        // The slot is free before the end is recorded (ProjectionRebuilds.Release); a rebuild asked for meanwhile waits in the
        // queue until this one's end is recorded.
        rebuilds.Release(rebuild);
        // Recorded even while shutting down: the embedded database stops after this service. A failure to record is
        // logged, not thrown: thrown, it would end this service, and the host stops when a background service fails.
        try
        {
            await RecordEndAsync(new RecordRebuildEnd(rebuild.Id, rebuild.Processed, rebuild.Total, error), rebuild.Actor, rebuild.CorrelationId);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not record the end of rebuild {Id}; the next start records it as interrupted", rebuild.Id);
        }
    }

    /// <summary>
    /// Replays the projections <see cref="RebuildOptions.MaxConcurrent"/> at a time (two unless configured), the async ones
    /// first; returns why the rebuild failed, or null.
    /// One replay leaves a core idle: it waits on PostgreSQL while the API applies events and the other way round (the 200k
    /// benchmark's rebuild used 1.2 of 2 cores). The async projections (alignment, contradictions) are most of a rebuild's
    /// time and each is replayed into tables of its own (<see cref="BlueGreenRebuild"/>), so they start first, side by side;
    /// the inline ones follow on whichever finishes first, longest first (<see cref="InlineRebuild.StartOrder"/>). The first
    /// failure stops the others.
    /// </summary>
    private async Task<string?> ReplayAllAsync(RebuildProgress rebuild, Dictionary<string, ProjectionLifecycle> lifecycles, CancellationToken ct)
    {
        var queue = new Queue<string>(rebuild.Projections.OrderBy(name => lifecycles[name] == ProjectionLifecycle.Async ? 0 : 1)
            .ThenBy(name => lifecycles[name] == ProjectionLifecycle.Async ? 0 : InlineRebuild.StartOrder(name)));
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? error = null;
        async Task ReplayAsync()
        {
            while (true)
            {
                string name;
                lock (queue)
                {
                    if (queue.Count == 0 || failed.IsCancellationRequested) return;
                    name = queue.Dequeue();
                }
                try
                {
                    await ReplayOneAsync(rebuild, name, lifecycles[name], failed.Token);
                }
                catch (OperationCanceledException) when (failed.IsCancellationRequested && !ct.IsCancellationRequested)
                {
                    return; // another projection's replay failed first: its error is the rebuild's
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    logger.LogError(ex, "Rebuild {Id}: {Projection} failed", rebuild.Id, name);
                    Interlocked.CompareExchange(ref error, $"{name}: {ex.Message}", null);
                    await failed.CancelAsync();
                    return;
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, options.Rebuild.MaxConcurrent).Select(_ => Task.Run(ReplayAsync, CancellationToken.None)));
        ct.ThrowIfCancellationRequested();
        return error;
    }

    private async Task ReplayOneAsync(RebuildProgress rebuild, string name, ProjectionLifecycle lifecycle, CancellationToken ct)
    {
        rebuild.Begin(name);
        if (lifecycle == ProjectionLifecycle.Async)
        {
            rebuild.Finish(name, await _blueGreen.RunAsync(name, rebuild, ShardTimeout, ct));
        }
        else
        {
            await _inline.RunAsync(name, rebuild, ct);
            rebuild.Finish(name, rebuild.HighWater);
        }
        logger.LogInformation("Rebuild {Id}: {Projection} replayed, {Processed} of {Total}", rebuild.Id, name, rebuild.Processed, rebuild.Total);
    }

    /// <summary>
    /// The cached alignment reads give their memory to the replay. Kept, they would be evicted at the swap anyway, and until
    /// then they stay live however stale (the cache drops expired answers only when it is used): with the cache full after a
    /// run of reads, the alignment's replay on the kept 200k ledger ran 50-90 MB higher (270-324 MB against 221-241 MB).
    /// </summary>
    private async Task EmptyReadCacheAsync(CancellationToken ct)
    {
        if (services.GetService<IOutputCacheStore>() is { } cache) await cache.EvictByTagAsync(Http.ProjectedReadCache.Tag, ct);
    }

    private async Task RecordEndAsync(RecordRebuildEnd end, string actor, string correlationId)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMessageContext>().SendAsync(end, actor, correlationId, CancellationToken.None);
    }

    /// <summary>
    /// A rebuild still "running" in the ledger when the service starts was cut off by a crash or a kill (a clean
    /// shutdown records its failure). Say so, so its status does not read "running" forever.
    /// </summary>
    private async Task FailInterruptedAsync(CancellationToken ct)
    {
        try
        {
            await using var query = store.QuerySession();
            var requested = await query.Events.QueryRawEventDataOnly<ProjectionRebuildRequested>().ToListAsync(ct);
            if (requested.Count == 0) return;
            var ended = (await query.Events.QueryRawEventDataOnly<ProjectionRebuildCompleted>().Select(e => e.RebuildId).ToListAsync(ct))
                .Concat(await query.Events.QueryRawEventDataOnly<ProjectionRebuildFailed>().Select(e => e.RebuildId).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var r in requested.Where(r => !ended.Contains(r.RebuildId)))
            {
                await RecordEndAsync(new RecordRebuildEnd(r.RebuildId, 0, 0, "Interrupted: the service stopped before the rebuild finished; request it again."),
                    r.Actor, RebuildStreams.IdFor(r.RebuildId));
                logger.LogWarning("Rebuild {Id} was interrupted by a restart and is now recorded as failed", r.RebuildId);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Any failure, a timeout's cancellation included: thrown, it would end this service and stop the host.
            logger.LogWarning(ex, "Could not check for rebuilds interrupted by a restart");
        }
    }
}

/// <summary><c>ClaimsLedger:Rebuild</c>.</summary>
public sealed class RebuildOptions
{
    /// <summary>
    /// How many projections a rebuild replays at once (1–8). Two by default: a replay alone leaves one of two cores idle.
    /// One keeps a core for the live reads and writes while a rebuild runs, at about two thirds of the rebuild's speed. Each
    /// replay at once holds its own save (<see cref="SequenceReplay.DefaultMaxWritesPerSave"/> documents at most), so memory
    /// grows with it: more than two on a two-core host buys nothing.
    /// </summary>
    public int MaxConcurrent { get; set; } = 2;
}

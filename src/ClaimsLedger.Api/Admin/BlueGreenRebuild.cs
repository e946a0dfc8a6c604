using System.Diagnostics;
using ClaimsLedger.Api.Postgres;
using Microsoft.AspNetCore.OutputCaching;
using JasperFx.Events.Projections;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Rebuilds an async projection beside the live one, so reads stay whole throughout: the events are replayed into fresh
/// tables of a <see cref="RebuildStore"/> while the live shard keeps serving and following new events; the replay follows
/// the live shard's position, never passing it. Once it is within <see cref="PauseWithin"/> events, the live shard is
/// paused, the replay brought to exactly its position, and the tables swapped in one transaction (<see cref="TableSwap"/>);
/// the shard then carries on from that same position over the rebuilt tables. Readers see the old tables, then the
/// rebuilt ones, each complete.
/// <para>
/// Not Marten's own blue/green (a projection's <c>Version</c>): that runs a new version of the code beside the old one,
/// under its own progress row, and suits a deployment, where the new code is also what reads the new documents. A rebuild
/// here replays the same version on demand, and this hand-written projection writes six document types whose tables a
/// <c>Version</c> does not change; readers would have to be told which tables to read. The daemon cannot replay into tables beside the
/// live ones either: it keeps one progress row per projection name, the live shard's. So the replay is
/// <see cref="SequenceReplay"/> and the switch <see cref="TableSwap"/>.
/// </para>
/// </summary>
internal sealed class BlueGreenRebuild(IDocumentStore live, IProjectionCoordinator coordinator, IServiceProvider services, ILogger logger)
{
    // How close the replay must be to the live shard before that is paused for the last stretch: four replay pages.
    private const long PauseWithin = 2000;
    private static readonly TimeSpan LivePoll = TimeSpan.FromMilliseconds(100);

    private readonly SemaphoreSlim _swapping = new(1, 1);

    /// <summary>Rebuilds <paramref name="projection"/> and returns the position its rebuilt tables were swapped in at.</summary>
    public async Task<long> RunAsync(string projection, RebuildProgress rebuild, TimeSpan timeout, CancellationToken ct)
    {
        var shard = $"{projection}:All";
        var phase = Stopwatch.StartNew();
        // A schema left by a rebuild cut off by a crash is dropped before the rebuild starts (ProjectionRebuilder); this
        // one's is dropped as it ends, whether it failed or not.
        var schema = RebuildStore.SchemaFor(projection);
        try
        {
            await using var rebuilt = RebuildStore.Create(services, projection);
            var source = rebuilt.Options.Projections.All.Single(p => p.Name == projection);
            var documents = ((IPublishesTypes)source).PublishedTypes().ToList();
            // Every table exists before the swap, including those the replay never wrote to: the swap empties them too.
            foreach (var type in documents) await rebuilt.Storage.Database.EnsureStorageExistsAsync(type, ct);
            var replay = new SequenceReplay(rebuilt, (IJasperFxProjection<IDocumentOperations>)((IProjectionWrapper)source).InnerProjection,
                sequence => rebuild.Advance(projection, sequence));
            var prepared = phase.Elapsed;

            await FollowAsync(replay, shard, rebuild.HighWater, timeout, ct);
            var replayed = phase.Elapsed;
            var position = await SwapInAsync(rebuilt, replay, documents, shard, ct);
            // Where a rebuild's time goes: its fixed cost (fresh tables), the replay, and how long it waited for and paused the live shards.
            logger.LogInformation("{Projection} rebuilt blue/green to position {Position}: tables ready in {Prepared:F1} s, replayed in {Replayed:F1} s " +
                                  "({Saves} saves, {Dropped} dropped for writing too much, at most {MostWrites} documents built at once), swapped in after {Paused:F2} s",
                projection, position, prepared.TotalSeconds, (replayed - prepared).TotalSeconds, replay.Saves, replay.Dropped, replay.MostWritesBuilt,
                (phase.Elapsed - replayed).TotalSeconds);
            return position;
        }
        finally
        {
            await TableSwap.DropRebuildSchemaAsync(live, schema, CancellationToken.None);
        }
    }

    /// <summary>
    /// Pauses the live shards, brings the replay to the live shard's position and swaps the tables; returns that position.
    /// Pausing stops every live shard, so the rebuilds running at once swap one at a time: one's resume would otherwise let
    /// the other's live shard move between the position its replay was brought to and its swap.
    /// </summary>
    private async Task<long> SwapInAsync(IDocumentStore rebuilt, SequenceReplay replay, IReadOnlyList<Type> documents, string shard, CancellationToken ct)
    {
        await _swapping.WaitAsync(ct);
        try
        {
            await coordinator.PauseAsync();
            try
            {
                var position = await TableSwap.PositionAsync(live, shard, ct);
                await replay.CatchUpAsync(position, ct);
                await TableSwap.SwapAsync(live, rebuilt, documents, shard, position, ct);
                // The live tables now hold rebuilt documents at positions reads were cached under.
                if (services.GetService<IOutputCacheStore>() is { } cache) await cache.EvictByTagAsync(Http.ProjectedReadCache.Tag, ct);
                return position;
            }
            finally
            {
                // Also after a failure, so the live projection goes on from where it was. The coordinator would restart the
                // agent on its next round; starting it here saves that wait (a second start is skipped).
                await coordinator.ResumeAsync();
                await coordinator.DaemonForMainDatabase().StartAgentAsync(shard, CancellationToken.None);
            }
        }
        finally
        {
            _swapping.Release();
        }
    }

    /// <summary>
    /// Replays up to the live shard until the replay is within <see cref="PauseWithin"/> of it and has covered every event
    /// recorded before the request (<paramref name="highWater"/>), which the live shard may not have reached yet.
    /// </summary>
    private async Task FollowAsync(SequenceReplay replay, string shard, long highWater, TimeSpan timeout, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var target = await TableSwap.PositionAsync(live, shard, ct);
            if (replay.Position >= highWater && target - replay.Position <= PauseWithin) return;
            if (target > replay.Position)
            {
                await replay.CatchUpAsync(target, ct);
                continue;
            }
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"{shard} did not reach position {highWater} in time; is the projection running?");
            await Task.Delay(LivePoll, ct);
        }
    }
}

using ClaimsLedger.Api.Http;
using Marten;

namespace ClaimsLedger.Api.Admin;

/// <summary>Writes a rebuild's events, stamped like every command's with who asked and the request's correlation id.</summary>
public static class RebuildHistory
{
    public static async Task RecordAsync(IDocumentStore store, RebuildProgress rebuild, object @event, CancellationToken ct)
    {
        await using var session = LedgerSession.Open(store, rebuild.Actor, rebuild.CorrelationId);
        var stream = RebuildStreams.IdFor(rebuild.Id);
        if (@event is ProjectionRebuildRequested) session.Events.StartStream(stream, @event);
        else session.Events.Append(stream, @event);
        await session.SaveChangesAsync(ct);
    }

    /// <summary>
    /// A rebuild still "running" in the ledger when the service starts was cut off by a crash or a kill (a clean
    /// shutdown records its failure). Say so, so its status does not read "running" forever.
    /// </summary>
    public static async Task FailInterruptedAsync(IDocumentStore store, ILogger logger, CancellationToken ct)
    {
        try
        {
            await using var query = store.QuerySession();
            var requested = await query.Events.QueryRawEventDataOnly<ProjectionRebuildRequested>().ToListAsync(ct);
            if (requested.Count == 0) return;
            var ended = (await query.Events.QueryRawEventDataOnly<ProjectionRebuildCompleted>().ToListAsync(ct)).Select(e => e.RebuildId)
                .Concat((await query.Events.QueryRawEventDataOnly<ProjectionRebuildFailed>().ToListAsync(ct)).Select(e => e.RebuildId))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var r in requested.Where(r => !ended.Contains(r.RebuildId)))
            {
                var interrupted = new RebuildProgress(r.RebuildId, r.Projections, r.Actor, $"rebuild-{r.RebuildId}");
                await RecordAsync(store, interrupted, new ProjectionRebuildFailed(r.RebuildId, 0, 0,
                    "Interrupted: the service stopped before the rebuild finished; request it again.", r.Actor), ct);
                logger.LogWarning("Rebuild {Id} was interrupted by a restart and is now recorded as failed", r.RebuildId);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not check for rebuilds interrupted by a restart");
        }
    }
}

using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Admin;

/// <summary>Replays projections from the events. No names (or no body) means every projection with documents.</summary>
/// <param name="Projections">The projections to rebuild by name (<c>ClaimDetails</c>, <c>Alignment</c>, …; a 400 lists the known names); omit, null or empty for all of them.</param>
public sealed record RebuildProjections(IReadOnlyList<string?>? Projections)
{
    /// <summary>The projections to rebuild, in registration order, or errors naming each unknown entry.</summary>
    public IReadOnlyList<string> Select(IReadOnlyList<(string Name, ProjectionLifecycle Lifecycle)> known, FieldErrors errors)
    {
        if (Projections is not { Count: > 0 }) return known.Select(p => p.Name).ToList();
        var names = known.Select(p => p.Name).ToList();
        for (var i = 0; i < Projections.Count; i++)
        {
            if (Projections[i] is not { } name || !names.Contains(name, StringComparer.Ordinal))
                errors.Add($"projections[{i}]", $"is not a projection; known projections are {string.Join(", ", names)}.");
        }
        return names.Where(n => Projections.Contains(n, StringComparer.Ordinal)).ToList();
    }
}

public static class RebuildProjectionsEndpoint
{
    /// <summary>Starts replaying projections from the event log (admin only); answers 202 with the rebuild to follow.</summary>
    /// <remarks>
    /// One rebuild runs at a time (409 while another does). Reads keep answering during a rebuild. An async projection is
    /// rebuilt by the node that runs it: on a node that does not, the request is refused (409) and names the projection.
    /// Follow progress at the Location given.
    /// </remarks>
    [WolverinePost("/api/admin/projections/rebuild", OperationId = "RebuildProjections")]
    [Tags("Admin")]
    [ProducesResponseType<RebuildStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(RebuildProjections? body, HttpContext http, IMessageContext bus, IDocumentStore store,
        ProjectionRebuilds rebuilds, IProjectionCoordinator coordinator, TimeProvider clock, CancellationToken ct)
    {
        if (rebuilds.Running is { } running) return Busy(running);
        var known = RebuildableProjections.Of(store);
        var invalid = new FieldErrors();
        var names = (body ?? new RebuildProjections(null)).Select(known, invalid);
        if (invalid.Any) return invalid.ToProblem();
        // Several nodes may share the database, and each async projection runs on one of them (HotCold). Only that node
        // can replay it without another node writing the same documents at the same time.
        var elsewhere = new List<string>();
        var daemon = coordinator.DaemonForMainDatabase();
        foreach (var shard in known.Where(p => p.Lifecycle == ProjectionLifecycle.Async && names.Contains(p.Name)).Select(p => $"{p.Name}:All"))
        {
            // Its agent may be restarting here (after a rebuild, a reset); give it a moment before concluding otherwise.
            try { await daemon.WaitForShardToBeRunning(shard, OwnerWait); }
            catch (TimeoutException) { }
            if (!daemon.CurrentAgents().Any(a => a.Name.Identity == shard)) elsewhere.Add(shard[..shard.IndexOf(':')]);
        }
        if (elsewhere.Count > 0)
            return Problems.Conflict($"{string.Join(", ", elsewhere)} runs on another node of this ledger; send the rebuild to that node.");

        // The single slot is taken before anything is recorded: a request that loses the race to another one is a 409 that
        // leaves no trace in the ledger, like every other refusal.
        var id = Guid.NewGuid().ToString("N");
        var rebuild = new RebuildProgress(id, names, http.User.Identity?.Name ?? "", Correlation.Of(http));
        if (!rebuilds.TryReserve(rebuild)) return Busy(rebuilds.Running);
        var enqueued = false;
        try
        {
            var highWater = await LastSequenceAsync(store, ct);
            rebuild.Measured(highWater);
            return await bus.SendAsync(http, body ?? new RebuildProjections(null), (_, _, _) => new RecordRebuildRequest(id, names, highWater * names.Count),
                async (_, _, _) =>
                {
                    rebuilds.Enqueue(rebuild);
                    enqueued = true;
                    var status = await GetProjectionRebuildEndpoint.StatusAsync(store, rebuilds, clock, id, ct);
                    return Results.Accepted(RebuildStatus.Location(id), status);
                });
        }
        finally
        {
            // Not queued (the request was refused or failed): the worker will never release the slot, so release it here.
            if (!enqueued) rebuilds.Release(rebuild);
        }
    }

    private static readonly TimeSpan OwnerWait = TimeSpan.FromSeconds(5);

    private static IResult Busy(RebuildProgress? running) => Problems.Conflict(
        $"Rebuild '{running?.Id}' is still running; follow {RebuildStatus.Location(running?.Id ?? "")} and ask again when it has finished.");

    private static async Task<long> LastSequenceAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
    }
}

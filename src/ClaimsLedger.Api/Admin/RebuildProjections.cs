using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Admin;

/// <summary>Replays projections from the events. No names (or no body) means every projection with documents.</summary>
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
    [WolverinePost("/api/admin/projections/rebuild", OperationId = "RebuildProjections")]
    [Tags("Admin")]
    [ProducesResponseType<RebuildStatus>(StatusCodes.Status202Accepted)]
    public static async Task<IResult> Post(RebuildProjections? body, HttpContext http, IMessageContext bus, IDocumentStore store,
        ProjectionRebuilds rebuilds, TimeProvider clock, CancellationToken ct)
    {
        if (rebuilds.Running is { } running) return Busy(running);
        var id = Guid.NewGuid().ToString("N");
        var highWater = await LastSequenceAsync(store, ct);
        IReadOnlyList<string> names = [];
        return await bus.SendAsync(http, body ?? new RebuildProjections(null), (b, _, errors) =>
        {
            names = b.Select(RebuildableProjections.Of(store), errors);
            return new RecordRebuildRequest(id, names, highWater * names.Count);
        }, async (_, _, _) =>
        {
            var rebuild = new RebuildProgress(id, names, bus.UserName ?? "", bus.CorrelationId ?? id);
            rebuild.Measured(highWater);
            // Another request may have won the single slot since the check above; its request is recorded, so end it.
            if (!rebuilds.TryReserve(rebuild))
            {
                await bus.SendAsync(new RecordRebuildEnd(id, 0, rebuild.Total, "Not started: another rebuild was already running."),
                    rebuild.Actor, rebuild.CorrelationId, CancellationToken.None);
                return Busy(rebuilds.Running);
            }
            rebuilds.Enqueue(rebuild);
            var status = await GetProjectionRebuildEndpoint.StatusAsync(store, rebuilds, clock, id, ct);
            return Results.Accepted(RebuildStatus.Location(id), status);
        });
    }

    private static IResult Busy(RebuildProgress? running) => Problems.Conflict(
        $"Rebuild '{running?.Id}' is still running; follow {RebuildStatus.Location(running?.Id ?? "")} and ask again when it has finished.");

    private static async Task<long> LastSequenceAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
    }
}

using ClaimsLedger.Api.Http;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

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
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(RebuildProjections? command, HttpContext context, IDocumentStore store, ProjectionRebuilds rebuilds,
        TimeProvider clock, CancellationToken ct)
    {
        if (!Actor.TryRead(context, out var actor, out var problem)) return problem!;
        var errors = new FieldErrors();
        var names = (command ?? new RebuildProjections(null)).Select(RebuildableProjections.Of(store), errors);
        if (errors.Any) return errors.ToProblem();

        var rebuild = new RebuildProgress(Guid.NewGuid().ToString("N"), names, actor, LedgerSession.CorrelationId(context));
        if (!rebuilds.TryReserve(rebuild))
            return Problems.Conflict($"Rebuild '{rebuilds.Running?.Id}' is still running; follow {RebuildStatus.Location(rebuilds.Running?.Id ?? "")} and ask again when it has finished.");
        try
        {
            rebuild.Measured(await LastSequenceAsync(store, ct));
            await RebuildHistory.RecordAsync(store, rebuild, new ProjectionRebuildRequested(rebuild.Id, names, rebuild.Total, actor), ct);
            rebuilds.Enqueue(rebuild);
        }
        catch
        {
            rebuilds.Release(rebuild);
            throw;
        }
        var status = await GetProjectionRebuildEndpoint.StatusAsync(store, rebuilds, clock, rebuild.Id, ct);
        return Results.Accepted(RebuildStatus.Location(rebuild.Id), status);
    }

    private static async Task<long> LastSequenceAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
    }
}

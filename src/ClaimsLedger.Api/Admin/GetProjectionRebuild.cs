namespace ClaimsLedger.Api.Admin;

public static class GetProjectionRebuildEndpoint
{
    /// <summary>A projection rebuild's state and progress (admin only).</summary>
    [WolverineGet("/api/admin/projections/rebuilds/{id}", OperationId = "GetProjectionRebuild")]
    [Tags("Admin")]
    [ProducesResponseType<RebuildStatus>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IDocumentStore store, ProjectionRebuilds rebuilds, TimeProvider clock, CancellationToken ct)
    {
        var status = await StatusAsync(store, rebuilds, clock, id, ct);
        return status is null ? Problems.NotFound("id", $"Rebuild '{id}'") : Results.Ok(status);
    }

    public static async Task<RebuildStatus?> StatusAsync(IDocumentStore store, ProjectionRebuilds rebuilds, TimeProvider clock, string id, CancellationToken ct)
    {
        // Progress is read before the events: a rebuild that finishes in between then shows its recorded end,
        // never "running" with the progress of nothing.
        var inFlight = rebuilds.InFlight(id);
        await using var query = store.QuerySession();
        var events = await query.Events.FetchStreamAsync(RebuildStreams.IdFor(id), token: ct);
        return RebuildStatus.From(events, inFlight, clock.GetUtcNow());
    }
}

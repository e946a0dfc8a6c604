using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>One entry of a claim's audit trail: the event as stored, with who, when and why.</summary>
public sealed record ClaimEventEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? Reason,
    string? CorrelationId, string? CausationId, object Data);

public static class GetClaimEventsEndpoint
{
    [WolverineGet("/api/claims/{id}/events", OperationId = "GetClaimEvents")]
    [Tags("Claims")]
    [ProducesResponseType<List<ClaimEventEntry>>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        // Stream ids share one namespace (sources, rebuilds); only a stream that began as a claim is a claim.
        if (events.Count == 0 || events[0].Data is not ClaimExtracted) return Problems.NotFound("id", $"Claim '{id}'");
        return Results.Ok(events.Select(e => new ClaimEventEntry(e.Sequence, e.Version, e.EventTypeName, e.Timestamp,
            (e.Data as IActorEvent)?.Actor ?? e.UserName, (e.Data as IReasonedEvent)?.Reason, e.CorrelationId, e.CausationId, e.Data)).ToList());
    }
}

using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>One entry of a claim's audit trail: the event as stored, with who, when and why.</summary>
/// <param name="Sequence">The event's position in the whole ledger (global, increasing).</param>
/// <param name="Version">The claim stream's version after this event: 1 for the first.</param>
/// <param name="Type">The stored event type in snake case: <c>claim_extracted</c>, <c>claim_corroborated</c>, <c>claim_contested</c>, <c>claim_reviewed</c>, <c>claim_confidence_revised</c> or <c>claim_retracted</c>.</param>
/// <param name="Timestamp">When the ledger recorded the event (record time, UTC, ISO 8601).</param>
/// <param name="Actor">Who caused the event.</param>
/// <param name="Reason">Why, for events that carry a reason (reviews, revisions, contestations, retractions); null otherwise.</param>
/// <param name="CorrelationId">The X-Correlation-Id of the request that appended the event (or its trace id).</param>
/// <param name="CausationId">The id of the message that caused the event, when it was not a request; usually null.</param>
/// <param name="Data">The event's stored body, whose members depend on <c>type</c> (camelCase, as stored).</param>
public sealed record ClaimEventEntry(long Sequence, long Version, string Type, DateTimeOffset Timestamp, string? Actor, string? Reason,
    string? CorrelationId, string? CausationId, object Data);

public static class GetClaimEventsEndpoint
{
    /// <summary>A claim's audit trail: every event on its stream, oldest first, with actor, record time, reason and correlation.</summary>
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

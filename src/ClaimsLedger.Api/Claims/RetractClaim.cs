namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/retraction.</summary>
/// <param name="Reason">Why the claim is withdrawn; at most 2000 characters, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The claim's version the client last saw (its ETag); 409 when the claim has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record RetractClaimRequest([property: Required] string? Reason, long? ExpectedVersion) : IVersionedRequest
{
    public RetractClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors) =>
        new(claimId, errors.Require(Reason, "reason", 2000), expectedVersion);
}

/// <summary>Retraction is an event, never an archive or delete: history must stay replayable for audits.</summary>
public sealed record RetractClaim(string ClaimId, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Decision Decide(ClaimState claim, RetractClaim command, string actor) =>
        claim.IsRetracted ? Decision.Unchanged
        : claim.Closed is { } merged ? Decision.Refuse(merged)
        : Decision.Change(new ClaimRetracted(claim.Id, actor, command.Reason));
}

public static class RetractClaimHandler
{
    public static (Events, CommandOutcome) Handle(RetractClaim command,
        [WriteAggregate(nameof(RetractClaim.ClaimId), Required = false)] ClaimState? claim, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, RetractClaim.Decide);

    /// <summary>Withdraws a claim for good: it stops counting and takes no further changes, but its history stays readable.</summary>
    [WolverinePost("/api/claims/{id}/retraction", OperationId = "RetractClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, RetractClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

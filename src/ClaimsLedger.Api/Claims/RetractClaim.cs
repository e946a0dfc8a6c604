namespace ClaimsLedger.Api.Claims;

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

    [WolverinePost("/api/claims/{id}/retraction", OperationId = "RetractClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, RetractClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

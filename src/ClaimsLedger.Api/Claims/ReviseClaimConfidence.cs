namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/confidence.</summary>
/// <param name="Confidence">The new confidence, from 0 to 1; it multiplies every contribution of the claim.</param>
/// <param name="Reason">Why the confidence changes; at most 2000 characters, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The claim's version the client last saw (its ETag); 409 when the claim has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record ReviseClaimConfidenceRequest([property: Required] double? Confidence, [property: Required] string? Reason, long? ExpectedVersion)
    : IVersionedRequest
{
    public ReviseClaimConfidence ToCommand(string claimId, long? expectedVersion, FieldErrors errors) =>
        new(claimId, ClaimInputValidation.RequiredConfidence(Confidence, errors), errors.Require(Reason, "reason", 2000), expectedVersion);
}

public sealed record ReviseClaimConfidence(string ClaimId, double Confidence, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Decision Decide(ClaimState claim, ReviseClaimConfidence command, string actor) =>
        claim.Closed is { } closed ? Decision.Refuse(closed)
        : claim.Confidence.Equals(command.Confidence) ? Decision.Unchanged
        : Decision.Change(new ClaimConfidenceRevised(claim.Id, claim.Confidence, command.Confidence, actor, command.Reason));
}

public static class ReviseClaimConfidenceHandler
{
    public static (Events, CommandOutcome) Handle(ReviseClaimConfidence command,
        [WriteAggregate(nameof(ReviseClaimConfidence.ClaimId), Required = false)] ClaimState? claim, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, ReviseClaimConfidence.Decide);

    /// <summary>Revises how sure the ledger is of a claim; the scores it contributes to move accordingly.</summary>
    [WolverinePost("/api/claims/{id}/confidence", OperationId = "ReviseClaimConfidence")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, ReviseClaimConfidenceRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

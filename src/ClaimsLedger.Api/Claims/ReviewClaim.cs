namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/review.</summary>
/// <param name="Decision"><c>accepted</c> (the claim counts; a proposed claim starts counting) or <c>rejected</c> (it counts for nothing).</param>
/// <param name="Reason">Why; at most 2000 characters, kept in the audit trail.</param>
/// <param name="ExpectedVersion">The claim's version the client last saw (its ETag); 409 when the claim has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record ReviewClaimRequest([property: Required] string? Decision, [property: Required] string? Reason, long? ExpectedVersion) : IVersionedRequest
{
    public ReviewClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors)
    {
        ReviewDecision decision = default;
        if (Decision is not ("accepted" or "rejected") || !Enum.TryParse(Decision, true, out decision))
            errors.Add("decision", "must be accepted or rejected.");
        return new ReviewClaim(claimId, decision, errors.Require(Reason, "reason", 2000), expectedVersion);
    }
}

/// <summary>
/// An analyst's judgement of a claim. Not final: a claim rejected in error can be accepted later (and an accepted one
/// rejected), each decision an event with its own actor and reason, so the history shows every one of them; the claim
/// weighs while its latest decision is an acceptance. A retracted, merged or superseded claim is not reviewed (409).
/// </summary>
public sealed record ReviewClaim(string ClaimId, ReviewDecision Decision, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    public static Commands.Decision Decide(ClaimState claim, ReviewClaim command, string actor)
    {
        if (claim.NotCurrent is { } refused) return Commands.Decision.Refuse(refused);
        var status = command.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected;
        return claim.Status == status ? Commands.Decision.Unchanged
            : Commands.Decision.Change(new ClaimReviewed(claim.Id, command.Decision, actor, command.Reason));
    }
}

public static class ReviewClaimHandler
{
    public static (Events, CommandOutcome) Handle(ReviewClaim command,
        [WriteAggregate(nameof(ReviewClaim.ClaimId), Required = false)] ClaimState? claim, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, ReviewClaim.Decide);

    /// <summary>Accepts or rejects a claim, for instance one the extractor proposed.</summary>
    [WolverinePost("/api/claims/{id}/review", OperationId = "ReviewClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, ReviewClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/contestations: a dispute, with a contradicting passage or on the analyst's own judgement.</summary>
/// <param name="Evidence">A passage of a registered source that contradicts the claim; omit for an analyst's own judgement, which marks the claim disputed.</param>
/// <param name="Reason">Why the claim is disputed; at most 2000 characters.</param>
/// <param name="ExpectedVersion">The claim's version the client last saw (its ETag); 409 when the claim has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record ContestClaimRequest(EvidenceInput? Evidence, [property: Required] string? Reason, long? ExpectedVersion) : IVersionedRequest
{
    public ContestClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors) =>
        new(claimId, Evidence?.Validate(errors), errors.Require(Reason, "reason", 2000), expectedVersion);
}

/// <summary>A dispute: from a source passage (evidence given) or from an analyst's own judgement (reason only).</summary>
public sealed record ContestClaim(string ClaimId, EvidenceSpan? Evidence, string Reason, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    /// <summary>The source cited as evidence against the claim; none (the empty id) for an analyst's own judgement.</summary>
    public string SourceId => Evidence?.SourceId ?? "";

    public static Decision Decide(ClaimState claim, SourceDetails? source, ContestClaim command, string actor)
    {
        if (claim.Closed is { } closed) return Decision.Refuse(closed);
        Evidence? evidence = null;
        if (command.Evidence is { } span && EvidenceCheck.Verify(source, span, out evidence) is { } refused) return Decision.Refuse(refused);
        var key = ClaimState.ContestKey(new CarriedContestation(evidence, actor, command.Reason));
        return claim.ContestKeys.Contains(key) ? Decision.Unchanged : Decision.Change(new ClaimContested(claim.Id, evidence, actor, command.Reason));
    }
}

public static class ContestClaimHandler
{
    // The cited source is read with its text (a syndicated copy's is its original's) for the evidence check.
    public static async Task<(Events, CommandOutcome)> Handle(ContestClaim command, [WriteAggregate(nameof(ContestClaim.ClaimId), Required = false)] ClaimState? claim,
        IDocumentSession session, Envelope envelope, CancellationToken ct)
    {
        var source = await SourceDetails.LoadWithTextAsync(session, command.SourceId, ct);
        return Decide.OnStream(command, claim, envelope, (state, c, actor) => ContestClaim.Decide(state, source, c, actor));
    }

    /// <summary>Disputes a claim; each independent contesting voice dilutes its contributions.</summary>
    /// <remarks>Contesting again with the same voice (the same source's publisher, or any analyst without evidence) changes nothing. A retracted claim cannot be contested (409).</remarks>
    [WolverinePost("/api/claims/{id}/contestations", OperationId = "ContestClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, ContestClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Claims;

/// <summary>The body of POST /api/claims/{id}/corroborations: one more passage supporting the claim.</summary>
/// <param name="Evidence">A passage of a registered source that supports the claim; evidence the claim already has changes nothing.</param>
/// <param name="ExpectedVersion">The claim's version the client last saw (its ETag); 409 when the claim has moved on. Omit to write regardless; same as If-Match.</param>
public sealed record CorroborateClaimRequest([property: Required] EvidenceInput? Evidence, long? ExpectedVersion) : IVersionedRequest
{
    public CorroborateClaim ToCommand(string claimId, long? expectedVersion, FieldErrors errors)
    {
        if (Evidence is null) errors.Add("evidence", "is required: sourceId, start, end and quote.");
        return new CorroborateClaim(claimId, Evidence?.Validate(errors) ?? new EvidenceSpan("", 0, 0, ""), expectedVersion);
    }
}

public sealed record CorroborateClaim(string ClaimId, EvidenceSpan Evidence, long? ExpectedVersion) : IStreamCommand
{
    public string StreamId => ClaimId;

    /// <summary>The source the evidence cites, whose text the decision checks the quote against.</summary>
    public string SourceId => Evidence.SourceId;

    public static Decision Decide(ClaimState claim, SourceDetails? source, CorroborateClaim command, string actor)
    {
        if (claim.Closed is { } closed) return Decision.Refuse(closed);
        if (EvidenceCheck.Verify(source, command.Evidence, out var evidence) is { } refused) return Decision.Refuse(refused);
        return claim.EvidenceKeys.Contains(ClaimState.KeyOf(evidence)) ? Decision.Unchanged
            : Decision.Change(new ClaimCorroborated(claim.Id, evidence, actor));
    }
}

public static class CorroborateClaimHandler
{
    // The cited source is read with its text (a syndicated copy's is its original's) for the evidence check.
    public static async Task<(Events, CommandOutcome)> Handle(CorroborateClaim command, [WriteAggregate(nameof(CorroborateClaim.ClaimId), Required = false)] ClaimState? claim,
        IDocumentSession session, Envelope envelope, CancellationToken ct)
    {
        var source = await SourceDetails.LoadWithTextAsync(session, command.SourceId, ct);
        return Decide.OnStream(command, claim, envelope, (state, c, actor) => CorroborateClaim.Decide(state, source, c, actor));
    }

    /// <summary>Adds supporting evidence to a claim; a further independent source raises its weight (up to double).</summary>
    [WolverinePost("/api/claims/{id}/corroborations", OperationId = "CorroborateClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    public static Task<IResult> Post(string id, CorroborateClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

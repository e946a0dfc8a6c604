using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace ClaimsLedger.Api.Claims;

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

    public static Decision Decide(ClaimState claim, SourceDetails? source, CorroborateClaim command, string actor)
    {
        if (claim.IsRetracted) return Decision.Refuse(claim.RetractedRefusal);
        if (EvidenceCheck.Verify(source, command.Evidence, out var evidence) is { } refused) return Decision.Refuse(refused);
        return claim.EvidenceKeys.Contains(ClaimState.KeyOf(evidence)) ? Decision.Unchanged
            : Decision.Change(new ClaimCorroborated(claim.Id, evidence, actor));
    }
}

public static class CorroborateClaimHandler
{
    public static Task<SourceDetails?> LoadAsync(CorroborateClaim command, IQuerySession session, CancellationToken ct) =>
        session.LoadAsync<SourceDetails>(command.Evidence.SourceId, ct);

    public static (Events, CommandOutcome) Handle(CorroborateClaim command,
        [WriteAggregate(nameof(CorroborateClaim.ClaimId), Required = false)] ClaimState? claim, SourceDetails? source, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, (state, c, actor) => CorroborateClaim.Decide(state, source, c, actor));
}

public static class CorroborateClaimEndpoint
{
    [WolverinePost("/api/claims/{id}/corroborations", OperationId = "CorroborateClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static Task<IResult> Post(string id, CorroborateClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

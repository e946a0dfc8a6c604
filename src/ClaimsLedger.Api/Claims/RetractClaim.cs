using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Http;
using Microsoft.AspNetCore.Mvc;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

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
        claim.IsRetracted ? Decision.Unchanged : Decision.Change(new ClaimRetracted(claim.Id, actor, command.Reason));
}

public static class RetractClaimHandler
{
    public static (Events, CommandOutcome) Handle(RetractClaim command,
        [WriteAggregate(nameof(RetractClaim.ClaimId), Required = false)] ClaimState? claim, Envelope envelope) =>
        Decide.OnStream(command, claim, envelope, RetractClaim.Decide);
}

public static class RetractClaimEndpoint
{
    [WolverinePost("/api/claims/{id}/retraction", OperationId = "RetractClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static Task<IResult> Post(string id, RetractClaimRequest? body, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, body, (b, version, errors) => b.ToCommand(id, version, errors), ClaimDetails.Respond);
}

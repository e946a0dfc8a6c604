using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

/// <summary>Retraction is an event, never an archive or delete: history must stay replayable for audits.</summary>
public sealed record RetractClaim([property: Required] string? Reason, long? ExpectedVersion)
{
    public static Decision Decide(ClaimState claim, string actor, string reason) =>
        claim.IsRetracted ? Decision.Unchanged : Decision.Append(new ClaimRetracted(claim.Id, actor, reason));
}

public static class RetractClaimEndpoint
{
    [WolverinePost("/api/claims/{id}/retraction", OperationId = "RetractClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(string id, RetractClaim? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!CommandRequest.TryCheck(context, command, "a JSON object with a reason is required.",
                (c, errors) => errors.Require(c.Reason, "reason", 2000), c => c.ExpectedVersion, out var actor, out var expected, out var problem))
            return problem;

        return await StreamCommand.Execute<ClaimState>(store, context, actor, id, expected,
            claim => RetractClaim.Decide(claim, actor, command.Reason!.Trim()), ClaimDetails.Reader(id, ct), "id", ct);
    }
}

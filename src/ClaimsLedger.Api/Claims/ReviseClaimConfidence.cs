using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

public sealed record ReviseClaimConfidence([property: Required] double? Confidence, [property: Required] string? Reason, long? ExpectedVersion)
{
    public static Decision Decide(ClaimState claim, double confidence, string actor, string reason) =>
        claim.IsRetracted ? Decision.Refuse(Problems.Conflict($"Claim '{claim.Id}' is retracted."))
        : claim.Confidence.Equals(confidence) ? Decision.Unchanged
        : Decision.Append(new ClaimConfidenceRevised(claim.Id, claim.Confidence, confidence, actor, reason));
}

public static class ReviseClaimConfidenceEndpoint
{
    [WolverinePost("/api/claims/{id}/confidence", OperationId = "ReviseClaimConfidence")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(string id, ReviseClaimConfidence? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!CommandRequest.TryCheck(context, command, "a JSON object with confidence and reason is required.", (c, errors) =>
            {
                ClaimInputValidation.Confidence(c.Confidence, errors, required: true);
                errors.Require(c.Reason, "reason", 2000);
            }, c => c.ExpectedVersion, out var actor, out var expected, out var problem)) return problem;

        return await StreamCommand.Execute<ClaimState>(store, context, actor, id, expected,
            claim => ReviseClaimConfidence.Decide(claim, command.Confidence!.Value, actor, command.Reason!.Trim()),
            ClaimDetails.Reader(id, ct), "id", ct);
    }
}

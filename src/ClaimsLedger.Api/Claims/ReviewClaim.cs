using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

public sealed record ReviewClaim([property: Required] string? Decision, [property: Required] string? Reason, long? ExpectedVersion)
{
    public static Http.Decision Decide(ClaimState claim, ReviewDecision decision, string actor, string reason)
    {
        if (claim.IsRetracted) return Http.Decision.Refuse(Problems.Conflict($"Claim '{claim.Id}' is retracted."));
        var status = decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected;
        return claim.Status == status ? Http.Decision.Unchanged : Http.Decision.Append(new ClaimReviewed(claim.Id, decision, actor, reason));
    }
}

public static class ReviewClaimEndpoint
{
    [WolverinePost("/api/claims/{id}/review", OperationId = "ReviewClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(string id, ReviewClaim? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        ReviewDecision decision = default;
        if (!CommandRequest.TryCheck(context, command, "a JSON object with decision and reason is required.", (c, errors) =>
            {
                if (c.Decision is not ("accepted" or "rejected") || !Enum.TryParse(c.Decision, true, out decision))
                    errors.Add("decision", "must be accepted or rejected.");
                errors.Require(c.Reason, "reason", 2000);
            }, c => c.ExpectedVersion, out var actor, out var expected, out var problem)) return problem;

        return await StreamCommand.Execute<ClaimState>(store, context, actor, id, expected,
            claim => ReviewClaim.Decide(claim, decision, actor, command.Reason!.Trim()), ClaimDetails.Reader(id, ct), "id", ct);
    }
}

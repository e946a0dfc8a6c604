using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

/// <summary>A dispute: from a source passage (evidence given) or from an analyst's own judgement (reason only).</summary>
public sealed record ContestClaim(EvidenceInput? Evidence, [property: Required] string? Reason, long? ExpectedVersion)
{
    public static Decision Decide(ClaimState claim, Evidence? evidence, string actor, string reason)
    {
        if (claim.IsRetracted) return Decision.Refuse(Problems.Conflict($"Claim '{claim.Id}' is retracted."));
        var key = evidence is null ? $"analyst:{actor}" : ClaimState.KeyOf(evidence);
        return claim.ContestKeys.Contains(key) ? Decision.Unchanged : Decision.Append(new ClaimContested(claim.Id, evidence, actor, reason));
    }
}

public static class ContestClaimEndpoint
{
    [WolverinePost("/api/claims/{id}/contestations", OperationId = "ContestClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(string id, ContestClaim? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!CommandRequest.TryCheck(context, command, "a JSON object with a reason (and optionally evidence) is required.", (c, errors) =>
            {
                errors.Require(c.Reason, "reason", 2000);
                if (c.Evidence is not null) ClaimInputValidation.Evidence(c.Evidence, errors);
            }, c => c.ExpectedVersion, out var actor, out var expected, out var problem)) return problem;

        Evidence? evidence = null;
        if (command.Evidence is not null)
        {
            await using var query = store.QuerySession();
            var source = await query.LoadAsync<SourceDetails>(command.Evidence.SourceId!, ct);
            var refused = EvidenceCheck.Verify(source, command.Evidence, "evidence", out var checkedEvidence);
            if (refused is not null) return refused;
            evidence = checkedEvidence;
        }

        return await StreamCommand.Execute<ClaimState>(store, context, actor, id, expected,
            claim => ContestClaim.Decide(claim, evidence, actor, command.Reason!.Trim()), ClaimDetails.Reader(id, ct), "id", ct);
    }
}

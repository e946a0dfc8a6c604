using System.ComponentModel.DataAnnotations;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

public sealed record CorroborateClaim([property: Required] EvidenceInput? Evidence, long? ExpectedVersion)
{
    public static Decision Decide(ClaimState claim, Evidence evidence, string actor) =>
        claim.IsRetracted ? Decision.Refuse(Problems.Conflict($"Claim '{claim.Id}' is retracted."))
        : claim.EvidenceKeys.Contains(ClaimState.KeyOf(evidence)) ? Decision.Unchanged
        : Decision.Append(new ClaimCorroborated(claim.Id, evidence, actor));
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
    public static async Task<IResult> Post(string id, CorroborateClaim? command, HttpContext context, IDocumentStore store, CancellationToken ct)
    {
        if (!CommandRequest.TryCheck(context, command, "a JSON object with evidence is required.",
                (c, errors) => ClaimInputValidation.Evidence(c.Evidence, errors), c => c.ExpectedVersion, out var actor, out var expected, out var problem))
            return problem;

        await using var query = store.QuerySession();
        var source = await query.LoadAsync<SourceDetails>(command.Evidence!.SourceId!, ct);
        var refused = EvidenceCheck.Verify(source, command.Evidence, "evidence", out var evidence);
        if (refused is not null) return refused;

        return await StreamCommand.Execute<ClaimState>(store, context, actor, id, expected,
            claim => CorroborateClaim.Decide(claim, evidence, actor), ClaimDetails.Reader(id, ct), "id", ct);
    }
}

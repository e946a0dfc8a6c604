using ClaimsLedger.Api.Http;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Claims;

public static class GetClaimEndpoint
{
    [WolverineGet("/api/claims/{id}", OperationId = "GetClaim")]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var claim = await session.LoadAsync<ClaimDetails>(id, ct);
        if (claim is null) return Problems.NotFound("id", $"Claim '{id}'");
        context.Response.Headers.ETag = ExpectedVersion.ETag(claim.Version);
        return Results.Ok(claim);
    }
}

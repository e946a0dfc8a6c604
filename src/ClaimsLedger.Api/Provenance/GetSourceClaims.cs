using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Provenance;

public sealed record SourceProvenance(string SourceId, IReadOnlyList<SourceClaimEntry> Claims);

public sealed record SourceClaimEntry(string ClaimId, string Role, int Start, int End, string Quote, string Actor,
    DateTimeOffset RecordedAt, string Subject, string Statement, ClaimStatus Status);

public static class GetSourceClaimsEndpoint
{
    [WolverineGet("/api/sources/{id}/claims", OperationId = "GetSourceClaims")]
    [Tags("Provenance")]
    [ProducesResponseType<SourceProvenance>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct)
    {
        var source = await session.LoadAsync<SourceDetails>(id, ct);
        if (source is null) return Problems.NotFound("id", $"Source '{id}'");
        var links = await session.Query<SourceClaimLink>().Where(l => l.SourceId == id).OrderBy(l => l.RecordedAt).ThenBy(l => l.Id).ToListAsync(ct);
        var claims = (await session.LoadManyAsync<ClaimDetails>(ct, links.Select(l => l.ClaimId).Distinct().ToArray()))
            .ToDictionary(c => c.Id);
        return Results.Ok(new SourceProvenance(id, links
            .Where(l => claims.ContainsKey(l.ClaimId))
            .Select(l => new SourceClaimEntry(l.ClaimId, l.Role, l.Start, l.End, l.Quote, l.Actor, l.RecordedAt,
                claims[l.ClaimId].Subject, claims[l.ClaimId].Statement, claims[l.ClaimId].Status))
            .ToList()));
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;

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
    public static async Task<IResult> Get(string id, string? asOf, IQuerySession session, CancellationToken ct)
    {
        DateTimeOffset instant = DateTimeOffset.MaxValue;
        if (asOf is not null && !Instant.TryParse(asOf, out instant)) return Problems.Invalid("asOf", Instant.Rule);
        if (!await session.Query<SourceDetails>().AnyAsync(s => s.Id == id, ct)) return Problems.NotFound("id", $"Source '{id}'");
        var links = await session.Query<SourceClaimLink>().Where(l => l.SourceId == id && l.RecordedAt <= instant)
            .OrderBy(l => l.RecordedAt).ThenBy(l => l.Id).ToListAsync(ct);
        var claimIds = links.Select(l => l.ClaimId).Distinct().ToArray();
        var claims = (await session.LoadManyAsync<ClaimDetails>(ct, claimIds))
            .Select(c => asOf is null ? c : c.AsOf(instant)).OfType<ClaimDetails>().ToDictionary(c => c.Id);
        return Results.Ok(new SourceProvenance(id, links
            .Where(l => claims.ContainsKey(l.ClaimId))
            .Select(l => new SourceClaimEntry(l.ClaimId, l.Role, l.Start, l.End, l.Quote, l.Actor, l.RecordedAt,
                claims[l.ClaimId].Subject, claims[l.ClaimId].Statement, claims[l.ClaimId].Status))
            .ToList()));
    }
}

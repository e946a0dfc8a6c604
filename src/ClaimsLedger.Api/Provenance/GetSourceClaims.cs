using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Provenance;

/// <summary>Every claim that cites a source, with the passage each cites.</summary>
/// <param name="SourceId">The source asked about.</param>
/// <param name="Claims">Each citation of the source, oldest first; a claim citing several passages appears once per passage.</param>
public sealed record SourceProvenance(string SourceId, IReadOnlyList<SourceClaimEntry> Claims);

/// <summary>One citation of the source by a claim.</summary>
/// <param name="ClaimId">The citing claim (GET /api/claims/{id}).</param>
/// <param name="Role">How the claim uses the passage: <c>extracted</c> (the evidence it was recorded with), <c>corroborated</c> (evidence added later) or <c>contested</c> (evidence against it).</param>
/// <param name="Start">Offset of the quote's first character in the source's text, in UTF-16 code units from 0.</param>
/// <param name="End">Offset just past the quote's last character (exclusive), in UTF-16 code units.</param>
/// <param name="Quote">The source's text at [start, end), exactly.</param>
/// <param name="Actor">Who cited the passage.</param>
/// <param name="RecordedAt">When the ledger recorded the citation (UTC, ISO 8601).</param>
/// <param name="Subject">The claim's subject country or region.</param>
/// <param name="Statement">The claim's statement.</param>
/// <param name="Status">The claim's status (at <c>asOf</c>, when given).</param>
public sealed record SourceClaimEntry(string ClaimId, string Role, int Start, int End, string Quote, string Actor,
    DateTimeOffset RecordedAt, string Subject, string Statement, ClaimStatus Status);

public static class GetSourceClaimsEndpoint
{
    /// <summary>Which claims a source supports or disputes, and by which passages; as the ledger held them at <c>asOf</c> when given.</summary>
    [WolverineGet("/api/sources/{id}/claims", OperationId = "GetSourceClaims")]
    [Tags("Provenance")]
    [ProducesResponseType<SourceProvenance>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, string? asOf, IQuerySession session, CancellationToken ct)
    {
        DateTimeOffset instant = DateTimeOffset.MaxValue;
        if (asOf is not null && !Instant.TryParse(asOf, out instant)) return Problems.Invalid("asOf", Instant.Rule);
        // With its text: each link's quote is the text at its offsets (SourceClaimLink).
        if (await SourceDetails.LoadWithTextAsync(session, id, ct) is not { } source) return Problems.NotFound("id", $"Source '{id}'");
        var links = await session.Query<SourceClaimLink>().Where(l => l.SourceId == id && l.RecordedAt <= instant)
            .OrderBy(l => l.RecordedAt).ThenBy(l => l.Id).ToListAsync(ct);
        var claimIds = links.Select(l => l.ClaimId).Distinct().ToArray();
        var claims = (await session.LoadManyAsync<ClaimDetails>(ct, claimIds))
            .Select(c => asOf is null ? c : c.AsOf(instant)).OfType<ClaimDetails>().ToDictionary(c => c.Id);
        return Results.Ok(new SourceProvenance(id, links
            .Where(l => claims.ContainsKey(l.ClaimId))
            .Select(l => new SourceClaimEntry(l.ClaimId, l.Role, l.Start, l.End, source.Text[l.Start..l.End], l.Actor, l.RecordedAt,
                claims[l.ClaimId].Subject, claims[l.ClaimId].Statement, claims[l.ClaimId].Status))
            .ToList()));
    }
}

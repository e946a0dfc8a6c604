using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Claims;

public static class GetClaimEndpoint
{
    private static readonly string[] Renderings = [ContentNegotiation.Json, Provenance.ClaimProvDocument.MediaType];

    /// <summary>One claim with its effects, evidence, disputes and review; as the ledger held it at <c>asOf</c> when given.</summary>
    /// <remarks>
    /// The ETag header carries the claim's version; a client that sends it back as If-None-Match is answered 304 until the
    /// claim changes (Http/ConditionalGet). With <c>asOf</c> (an ISO 8601 instant) the claim is shown as it stood then;
    /// 404 if it was not recorded yet. With <c>Accept: application/ld+json</c> (preferred over application/json, by quality
    /// or else by order) it answers the claim's provenance as W3C PROV-O JSON-LD instead, the document
    /// GET /api/claims/{id}/prov serves and documents; that rendering is left out of this operation's responses so generated
    /// clients keep ClaimDetails as its one JSON type.
    /// </remarks>
    [WolverineGet("/api/claims/{id}", OperationId = "GetClaim")]
    [OpenApi.ServesETag]
    [ChoosesRendering]
    [Tags("Claims")]
    [ProducesResponseType<ClaimDetails>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, string? asOf, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        // Accept: application/ld+json asks for the claim's provenance as W3C PROV-O (the same as /api/claims/{id}/prov).
        if (ContentNegotiation.Choose(context.Request, Renderings) is not { } rendering) return ContentNegotiation.NotAcceptable(Renderings);
        var prov = rendering == Provenance.ClaimProvDocument.MediaType;
        if (asOf is null && !prov)
        {
            // The claim now: its row's served JSON, as claim pages serve it.
            if (await ServedClaimJson.LoadAsync(session, id, ct) is not { } current) return Problems.NotFound("id", $"Claim '{id}'");
            return ConditionalGet.NotModified(context, current.Version) ?? Results.Ok(current.Claim);
        }
        var (claim, problem) = await ReadAsync(id, asOf, session, ct);
        if (claim is null) return problem!;
        if (prov) return await Provenance.GetClaimProvEndpoint.RespondAsync(claim, session, context, ct);
        return ConditionalGet.NotModified(context, claim.Version) ?? Results.Ok(claim);
    }

    /// <summary>The claim now, or as the ledger held it at <paramref name="asOf"/>; else the problem to answer (a malformed
    /// instant, or no such claim then). Shared by the claim's JSON and PROV-O renderings.</summary>
    public static async Task<(ClaimDetails? Claim, IResult? Problem)> ReadAsync(string id, string? asOf, IQuerySession session, CancellationToken ct)
    {
        DateTimeOffset instant = default;
        if (asOf is not null && !Instant.TryParse(asOf, out instant)) return (null, Problems.Invalid("asOf", Instant.Rule));
        var current = await session.LoadAsync<ClaimDetails>(id, ct);
        var claim = asOf is null ? current : current?.AsOf(instant);
        return claim is null ? (null, Problems.NotFound("id", asOf is null ? $"Claim '{id}'" : $"Claim '{id}' as of {asOf}")) : (claim, null);
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Provenance;

public static class GetClaimProvEndpoint
{
    private static readonly string[] Rendering = [ClaimProvDocument.MediaType];

    /// <summary>
    /// A claim and its provenance as W3C PROV-O JSON-LD, with a schema.org ClaimReview per review (also served by
    /// GET /api/claims/{id} to a client that accepts application/ld+json). asOf gives it as the ledger held it then. Its ETag
    /// is the claim's version, <c>-ld-</c> and a digest of the document, which If-None-Match may send back for a 304.
    /// </summary>
    [WolverineGet("/api/claims/{id}/prov", OperationId = "GetClaimProvenance")]
    [ChoosesRendering]
    [OpenApi.ServesETag]
    [Tags("Provenance")]
    [ProducesResponseType<ClaimProvenance>(StatusCodes.Status200OK, ClaimProvDocument.MediaType)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, string? asOf, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        if (ContentNegotiation.Choose(context.Request, Rendering) is null) return ContentNegotiation.NotAcceptable(Rendering);
        var (claim, problem) = await Claims.GetClaimEndpoint.ReadAsync(id, asOf, session, ct);
        if (claim is null) return problem!;
        return await RespondAsync(claim, session, context, ct);
    }

    public static async Task<IResult> RespondAsync(ClaimDetails claim, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var request = context.Request;
        var document = ClaimProvDocument.Build(claim, await ProvSource.LoadAsync(session, claim, ct), $"{request.Scheme}://{request.Host}{request.PathBase}");
        var json = document.ToJsonString();
        return ConditionalGet.NotModified(context, ExpectedVersion.ETag(claim.Version, "ld", json)) ?? Results.Text(json, ClaimProvDocument.MediaType);
    }
}

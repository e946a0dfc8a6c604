namespace ClaimsLedger.Api.Sources;

public static class GetSourceEndpoint
{
    /// <summary>One source with its full text, grade and standing; the ETag header carries its version (If-None-Match with it: 304 until the source changes).</summary>
    [WolverineGet("/api/sources/{id}", OperationId = "GetSource")]
    [OpenApi.ServesETag]
    [Tags("Sources")]
    [ProducesResponseType<SourceView>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var source = await SourceDetails.LoadWithTextAsync(session, id, ct);
        if (source is null) return Problems.NotFound("id", $"Source '{id}'");
        return ConditionalGet.NotModified(context, source.Version) ?? Results.Ok(SourceView.From(source, includeText: true));
    }
}

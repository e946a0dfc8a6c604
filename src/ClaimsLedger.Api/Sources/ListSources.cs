using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Sources;

public static class ListSourcesEndpoint
{
    /// <summary>Registered sources by id, a page at a time, without their texts (GET one source for its text).</summary>
    [WolverineGet("/api/sources", OperationId = "ListSources")]
    [Tags("Sources")]
    [ProducesResponseType<Paged<SourceView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        // The page's ids from the primary key, then those sources without their texts: Marten's paged list counted with
        // count(*) over(), which built the view of every source to count them (at 3,001 sources 37 ms for the first page and
        // 195 ms for the fiftieth, growing with the sources).
        // The total is kept as sources are written (KeptCounts), not counted: a news stream registers a source a story.
        var (ids, total) = await KeyPaging.PageIdsAsync(session.Query<SourceDetails>(), q => q.OrderBy(s => s.Id), s => s.Id, p, size, ct,
            counted: c => KeptCounts.TotalAsync(session, KeptCounts.Sources, KeptCounts.Sources.Name, c));
        var found = ids.Count == 0 ? [] : await SourceView.WithoutText(session.Query<SourceDetails>().Where(s => ids.Contains(s.Id))).ToListAsync(ct);
        return Results.Ok(new Paged<SourceView>(KeyPaging.InOrder(ids, found, s => s.Id).ToList(), p, size, total));
    }
}

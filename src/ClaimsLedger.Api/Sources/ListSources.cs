using Marten.Pagination;

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
        var sources = await SourceView.WithoutText(session.Query<SourceDetails>().OrderBy(s => s.Id)).ToPagedListAsync(p, size, ct);
        return Results.Ok(new Paged<SourceView>(sources.ToList(), p, size, sources.TotalItemCount));
    }
}

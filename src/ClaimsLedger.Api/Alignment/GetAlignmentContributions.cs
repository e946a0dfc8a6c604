using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

public static class GetAlignmentContributionsEndpoint
{
    /// <summary>Every contribution behind a subject's scores, heaviest first, a page at a time; the same clocks as the alignment.</summary>
    [WolverineGet("/api/alignments/{subject}/contributions", OperationId = "GetAlignmentContributions")]
    [Tags("Alignment")]
    [ProducesResponseType<Paged<ContributionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string subject, string? asOf, string? validFrom, string? validTo, string? publishedBy, int? page,
        int? pageSize, IQuerySession session, WholeSubjectReadGate wholeSubject, SettledInstant settled, HttpContext http, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = AlignmentQuery.Read(subject, asOf, validFrom, validTo, errors, publishedBy);
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        if (query.AsOf is { } then && await settled.WaitAsync(then, "asOf", session, http, ct) is { } unsettled) return unsettled;

        // The page and its total are read at one position (the subject's latest, or the latest by asOf), so a batch the
        // projection commits in between cannot make them disagree.
        var (cells, at) = query.AsOf is { } instant
            ? await AlignmentReader.AsOfAsync(session, subject, instant, ct)
            : await AlignmentReader.CurrentAsync(session, subject, ct);
        if (query.FiltersPublication)
        {
            // Values by a publication cut-off are not indexed: every contribution is evaluated, ordered and paged here.
            // Taking turns with the other reads of a whole subject (WholeSubjectReadGate), as the alignment by a cut-off does.
            var all = (await wholeSubject.RunAsync(() => AlignmentReader.AllAsync(session, query, at, ct), ct))
                .Order(Comparer<ClaimContribution>.Create(ClaimContribution.ByWeight)).ToList();
            return Results.Ok(new Paged<ContributionView>(all.Skip((p - 1) * size).Take(size).Select(ContributionView.Of).ToList(), p, size, all.Count));
        }
        var skip = (p - 1) * size;
        var items = await AlignmentReader.PageAsync(session, query, at, skip, size, ct);
        // Unfiltered, the total is the cells' own count at that position: counting the spans in force walked all of them (the
        // hot subject's 50,000 at 200,000 events). A valid-time window is not counted in any cell: it is counted, unless the page
        // shows where the list ends (a short page that is not empty, or an empty first page).
        var total = !query.FiltersValidTime ? cells.ContributionCount
            : KeyPaging.ShowsTheEnd(items.Count, skip, size) ? skip + items.Count
            : await AlignmentReader.CountAsync(session, query, at, ct);
        return Results.Ok(new Paged<ContributionView>(items, p, size, total));
    }
}

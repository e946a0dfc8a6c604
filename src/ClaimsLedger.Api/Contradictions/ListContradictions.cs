using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

public static class ListContradictionsEndpoint
{
    /// <summary>The contradictions that stand now (both claims still contradict), oldest found first, by subject and resolution.</summary>
    [WolverineGet("/api/contradictions", OperationId = "ListContradictions")]
    [Tags("Contradictions")]
    [ProducesResponseType<Paged<ContradictionView>>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? subject, bool? resolved, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (subject is not null && !Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (errors.Any) return errors.ToProblem();

        var query = session.Query<Contradiction>().Where(c => c.Active);
        if (subject is not null) query = query.Where(c => c.Subject == subject);
        if (resolved is { } r) query = query.Where(c => c.Resolved == r);
        var (ids, total) = await KeyPaging.PageIdsAsync(query, q => q.OrderBy(c => c.DetectedSequence).ThenBy(c => c.Id), c => c.Id, p, size, ct,
            token => CountedAsync(session, subject, resolved, token));
        var contradictions = KeyPaging.InOrder(ids, await StoredContradictions.LoadManyAsync(session, ids, ct), c => c.Id);
        return Results.Ok(new Paged<ContradictionView>(await ContradictionViews.OfAsync(session, contradictions, ct), p, size, total));
    }

    /// <summary>
    /// The list's total from the subjects' counts (<see cref="UnresolvedCount"/>), or null while a count from before resolved
    /// pairs were counted is read. A subject without a count has no standing contradiction.
    /// </summary>
    private static async Task<long?> CountedAsync(IQuerySession session, string? subject, bool? resolved, CancellationToken ct)
    {
        var counts = subject is null
            ? await session.Query<UnresolvedCount>().ToListAsync(ct)
            : await session.LoadManyAsync<UnresolvedCount>(ct, subject);
        if (counts.Any(c => c.Resolved is null)) return null;
        return counts.Sum(c => (resolved != true ? (long)c.Count : 0) + (resolved != false ? c.Resolved!.Value : 0));
    }
}

public static class GetContradictionEndpoint
{
    /// <summary>One contradiction, standing or not (a claim retracted or recoded since), with its resolution.</summary>
    [WolverineGet("/api/contradictions/{id}", OperationId = "GetContradiction")]
    [Tags("Contradictions")]
    [ProducesResponseType<ContradictionView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Get(string id, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var contradiction = await StoredContradictions.LoadAsync(session, id, ct);
        if (contradiction is null) return Problems.NotFound("id", $"Contradiction '{id}'");
        context.Response.Headers.ETag = ExpectedVersion.ETag(contradiction.Version);
        return Results.Ok((await ContradictionViews.OfAsync(session, [contradiction], ct))[0]);
    }
}

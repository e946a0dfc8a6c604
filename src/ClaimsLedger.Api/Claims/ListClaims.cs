using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

public static class ListClaimsEndpoint
{
    /// <summary>Claims, oldest recorded first, a page at a time; filtered by subject, power, dimension, status or cited source.</summary>
    [WolverineGet("/api/claims", OperationId = "ListClaims")]
    [Tags("Claims")]
    [ProducesResponseType<Paged<ClaimDetails>>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string? subject, string? power, string? dimension, string? status, string? sourceId,
        int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (subject is not null && !Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (power is not null && !Codes.IsPower(power)) errors.Add("power", $"must be {Codes.PowerRule}.");
        Dimension dim = default;
        if (dimension is not null && !VocabularyParsing.TryParseDimension(dimension, out dim))
            errors.Add("dimension", $"must be one of {string.Join(", ", VocabularyParsing.DimensionNames)}.");
        ClaimStatus st = default;
        if (status is not null && (status != status.ToLowerInvariant() || !Enum.TryParse(status, true, out st) || int.TryParse(status, out _)))
            errors.Add("status", "must be one of recorded, proposed, accepted, rejected, retracted, superseded, merged.");
        if (errors.Any) return errors.ToProblem();

        if (subject is not null && power is null && dimension is null && status is null && sourceId is null)
            return Results.Ok(await SubjectPageAsync(session, subject, p, size, ct));

        var query = session.Query<ClaimDetails>().AsQueryable();
        if (subject is not null) query = query.Where(c => c.Subject == subject);
        if (power is not null) query = query.Where(c => c.Powers.Contains(power));
        if (dimension is not null) query = query.Where(c => c.Dimensions.Contains(dim));
        if (status is not null) query = query.Where(c => c.Status == st);
        if (sourceId is not null) query = query.Where(c => c.SourceIds.Contains(sourceId));
        var (claims, total) = await session.PageAsync(query, q => q.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id), c => c.Id, p, size, ct);
        return Results.Ok(new Paged<ClaimDetails>(claims, p, size, total));
    }

    /// <summary>
    /// A page of one subject's claims, the list analysts and integrators read most, in one prepared statement: the page's ids
    /// from the (subject, recorded_at, id) index alone, the subject's count from the same index, and the page's documents by
    /// id, all in one snapshot (the LINQ path is three statements, each translated and planned every time).
    /// </summary>
    private static async Task<Paged<ClaimDetails>> SubjectPageAsync(IQuerySession session, string subject, int page, int size, CancellationToken ct)
    {
        var claims = DocumentTable.Of<ClaimDetails>(session.DocumentStore);
        var read = await PreparedRead.JsonAsync<SubjectPage>(session, $"""
            select json_build_object(
                'total', (select count(*) from {claims} as c where c.subject = $1),
                'items', (select json_agg(d.data order by d.recorded_at, d.id) from {claims} as d where d.id = any(array(
                    select c.id from {claims} as c where c.subject = $1 order by c.recorded_at, c.id offset $2 limit $3))))
            """, ct, subject, (long)(page - 1) * size, size);
        return new Paged<ClaimDetails>(read.Items ?? [], page, size, read.Total);
    }

    private sealed record SubjectPage(long Total, List<ClaimDetails>? Items);
}

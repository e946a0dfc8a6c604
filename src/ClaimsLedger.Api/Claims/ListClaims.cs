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
        int? page, int? pageSize, IQuerySession session, SubjectClaimList held, ReadGate gate, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (subject is not null && !Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (power is not null && !Codes.IsPower(power)) errors.Add("power", $"must be {Codes.PowerRule}.");
        Dimension dim = default;
        if (dimension is not null && !VocabularyParsing.TryParseDimension(dimension, out dim))
            errors.Add("dimension", $"must be one of {string.Join(", ", VocabularyParsing.DimensionNames)}.");
        ClaimStatus st = default;
        if (status is not null && (status != status.ToLowerInvariant() || !EnumQuery.TryParse(status, StringComparison.OrdinalIgnoreCase, out st)))
            errors.Add("status", "must be one of recorded, proposed, accepted, rejected, retracted, superseded, merged.");
        if (errors.Any) return errors.ToProblem();

        var keys = new List<string>();
        if (power is not null) keys.Add(ClaimFilterKeys.Power(power));
        if (dimension is not null) keys.Add(ClaimFilterKeys.Dimension(dim));
        if (status is not null) keys.Add(ClaimFilterKeys.Status(st));
        if (sourceId is not null) keys.Add(ClaimFilterKeys.Source(sourceId));
        return await gate.RunAsync(async () =>
        {
            // A subject's list, or the list across subjects, filtered or not: from its held ids while no write changed it, else
            // read uncached while its ids are held again in the background.
            var list = subject ?? SubjectClaimList.AllSubjects;
            if (await held.TryPageAsync(session, list, keys, p, size, ct) is { } fromHeld) return Results.Ok(fromHeld);
            var read = await PageAsync(session, subject, keys, p, size, ct);
            held.HoldLater(list, keys.Count == 0 ? read.Total : null);
            return Results.Ok(read);
        }, ct);
    }

    /// <summary>
    /// A page of the claims, filtered, in one prepared statement: the page's ids through the (subject, recorded_at, id) index
    /// or the filter keys' GIN index, the total from the same, and the page's claims by id as their rows' served JSON
    /// (<see cref="ServedClaimJson"/>), all in one snapshot (the LINQ path was three statements, each translated and planned
    /// every time). One statement per combination of filters given, so each is planned for what it filters on.
    /// </summary>
    internal static async Task<Paged<ServedClaimJson.Served>> PageAsync(IQuerySession session, string? subject, List<string> keys, int page,
        int size, CancellationToken ct)
    {
        var claims = DocumentTable.Of<ClaimDetails>(session.DocumentStore);
        var parameters = new List<object> { (long)(page - 1) * size, size };
        var filters = new List<string>();
        if (subject is not null)
        {
            parameters.Add(subject);
            filters.Add($"c.subject = ${parameters.Count}");
        }
        if (keys.Count > 0)
        {
            parameters.Add(keys.ToArray());
            filters.Add($"c.{ClaimFilterKeys.Column} @> ${parameters.Count}::varchar[]");
        }
        var where = filters.Count == 0 ? "" : "where " + string.Join(" and ", filters);
        // One row with the total and no claim for a page past the end.
        var rows = await PreparedRead.RowsAsync(session, $"""
            select total.n, page.served, page.data
            from (select count(*) as n from {claims} as c {where}) as total left join lateral (
                select d.recorded_at, d.id, {ServedClaimJson.Columns("d")} from {claims} as d where d.id = any(array(
                    select c.id from {claims} as c {where} order by c.recorded_at, c.id offset $1 limit $2))) as page on true
            order by page.recorded_at, page.id
            """, reader => (Total: reader.GetInt64(0), Claim: reader.IsDBNull(1) && reader.IsDBNull(2) ? null : ServedClaimJson.Read(session.DocumentStore, reader, 1)),
            ct, [.. parameters]);
        return new Paged<ServedClaimJson.Served>(rows.Where(r => r.Claim is not null).Select(r => r.Claim!).ToList(), page, size, rows[0].Total);
    }
}

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
        if (status is not null && (status != status.ToLowerInvariant() || !Enum.TryParse(status, true, out st) || int.TryParse(status, out _)))
            errors.Add("status", "must be one of recorded, proposed, accepted, rejected, retracted, superseded, merged.");
        if (errors.Any) return errors.ToProblem();

        var keys = new List<string>();
        if (power is not null) keys.Add(ClaimFilterKeys.Power(power));
        if (dimension is not null) keys.Add(ClaimFilterKeys.Dimension(dim));
        if (status is not null) keys.Add(ClaimFilterKeys.Status(st));
        if (sourceId is not null) keys.Add(ClaimFilterKeys.Source(sourceId));
        return await gate.RunAsync(async () =>
        {
            if (subject is null || keys.Count > 0) return Results.Ok(await PageAsync(session, subject, keys, p, size, ct));
            // A subject's own list: from its held ids while no write changed it, else read whole and held again.
            if (await held.TryPageAsync(session, subject, p, size, ct) is { } fromHeld) return Results.Ok(fromHeld);
            var read = await PageAsync(session, subject, keys, p, size, ct);
            await held.HoldAsync(subject, read.Total, ct);
            return Results.Ok(read);
        }, ct);
    }

    /// <summary>
    /// A page of the claims, filtered, in one prepared statement: the page's ids through the (subject, recorded_at, id) index
    /// or the filter keys' GIN index, the total from the same, and the page's documents by id, all in one snapshot (the LINQ
    /// path was three statements, each translated and planned every time). One statement per combination of filters given,
    /// so each is planned for what it filters on.
    /// </summary>
    private static async Task<Paged<ClaimDetails>> PageAsync(IQuerySession session, string? subject, List<string> keys, int page, int size,
        CancellationToken ct)
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
        var read = await PreparedRead.JsonAsync<ClaimPage>(session, $"""
            select json_build_object(
                'total', (select count(*) from {claims} as c {where}),
                'items', (select json_agg(d.data order by d.recorded_at, d.id) from {claims} as d where d.id = any(array(
                    select c.id from {claims} as c {where} order by c.recorded_at, c.id offset $1 limit $2))))
            """, ct, [.. parameters]);
        return new Paged<ClaimDetails>(read.Items ?? [], page, size, read.Total);
    }

    private sealed record ClaimPage(long Total, List<ClaimDetails>? Items);
}

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

        var query = session.Query<ClaimDetails>().AsQueryable();
        if (subject is not null) query = query.Where(c => c.Subject == subject);
        if (power is not null) query = query.Where(c => c.Powers.Contains(power));
        if (dimension is not null) query = query.Where(c => c.Dimensions.Contains(dim));
        if (status is not null) query = query.Where(c => c.Status == st);
        if (sourceId is not null) query = query.Where(c => c.SourceIds.Contains(sourceId));
        var (claims, total) = await session.PageAsync(query, q => q.OrderBy(c => c.RecordedAt).ThenBy(c => c.Id), c => c.Id, p, size, ct);
        return Results.Ok(new Paged<ClaimDetails>(claims, p, size, total));
    }
}

using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

public sealed record AlignmentView(
    string Subject,
    string Label,
    string? LeadingPower,
    Dictionary<string, Dictionary<string, decimal>> Scores,
    int ClaimCount,
    IReadOnlyList<ContributionView> Contributions,
    long LastSequence,
    DateTimeOffset? AsOf,
    string? ValidFrom,
    string? ValidTo)
{
    public static AlignmentView Build(AlignmentQuery query, IEnumerable<ClaimContribution> all, long lastSequence)
    {
        var contributions = query.Filter(all).ToList();
        var (label, leader) = AlignmentScores.Label(contributions);
        return new AlignmentView(query.Subject, label, leader, AlignmentScores.Of(contributions), AlignmentScores.ClaimCount(contributions),
            contributions.Select(c => new ContributionView(c.ClaimId, c.Power, c.Dimension.Name(), c.Contribution)).ToList(),
            lastSequence, query.AsOf, query.ValidFrom?.Text, query.ValidTo?.Text);
    }
}

public sealed record ContributionView(string ClaimId, string Power, string Dimension, decimal Contribution);

public static class GetAlignmentEndpoint
{
    [WolverineGet("/api/alignments/{subject}", OperationId = "GetAlignment")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string subject, string? asOf, string? validFrom, string? validTo, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var query = AlignmentQuery.Read(subject, asOf, validFrom, validTo, errors);
        if (errors.Any) return errors.ToProblem();
        if (query.AsOf is { } instant)
        {
            var (contributions, last) = await AlignmentHistoryReader.AsOfAsync(session, subject, instant, ct);
            return Results.Ok(AlignmentView.Build(query, contributions, last));
        }
        // A valid subject nobody has made claims about yet has an alignment: an empty one.
        var current = await session.LoadAsync<SubjectAlignment>(subject, ct);
        return Results.Ok(AlignmentView.Build(query, current?.Contributions ?? [], current?.LastSequence ?? 0));
    }
}

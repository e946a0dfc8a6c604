using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Vocabulary;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace ClaimsLedger.Api.Alignment;

public sealed record AlignmentView(
    string Subject,
    string Label,
    string? LeadingPower,
    Dictionary<string, Dictionary<string, decimal>> Scores,
    int ClaimCount,
    IReadOnlyList<ContributionView> Contributions,
    long LastSequence)
{
    public static AlignmentView From(SubjectAlignment a) => new(a.Id, a.Label, a.LeadingPower, a.Scores(), a.ClaimCount,
        a.Contributions.Select(c => new ContributionView(c.ClaimId, c.Power, c.Dimension.Name(), c.Contribution)).ToList(), a.LastSequence);

    public static AlignmentView Empty(string subject) => From(new SubjectAlignment { Id = subject });
}

public sealed record ContributionView(string ClaimId, string Power, string Dimension, decimal Contribution);

public static class GetAlignmentEndpoint
{
    [WolverineGet("/api/alignments/{subject}", OperationId = "GetAlignment")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string subject, IQuerySession session, CancellationToken ct)
    {
        if (!Codes.IsSubject(subject)) return Problems.Invalid("subject", $"must be {Codes.SubjectRule}.");
        var alignment = await session.LoadAsync<SubjectAlignment>(subject, ct);
        // A valid subject nobody has made claims about yet has an alignment: an empty one.
        return Results.Ok(alignment is null ? AlignmentView.Empty(subject) : AlignmentView.From(alignment));
    }
}

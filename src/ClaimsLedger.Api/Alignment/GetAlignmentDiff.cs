using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

public sealed record AlignmentDiff(string Subject, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<CellDiff> Changes);

/// <summary>One score cell that differs between the two instants; its causes' deltas add up exactly to After − Before.</summary>
public sealed record CellDiff(string Power, string Dimension, decimal Before, decimal After, IReadOnlyList<DiffCause> Causes);

public sealed record DiffCause(string ClaimId, long Sequence, DateTimeOffset Timestamp, string EventType, string? Actor, string? Reason, decimal Delta);

public static class GetAlignmentDiffEndpoint
{
    [WolverineGet("/api/alignments/{subject}/diff", OperationId = "GetAlignmentDiff")]
    [Tags("Alignment")]
    [ProducesResponseType<AlignmentDiff>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    public static async Task<IResult> Get(string subject, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        if (!Instant.TryParse(from, out var start)) errors.Add("from", "is required and " + Instant.Rule);
        if (!Instant.TryParse(to, out var end)) errors.Add("to", "is required and " + Instant.Rule);
        if (!errors.Any && end < start) errors.Add("to", "must not be before from.");
        if (errors.Any) return errors.ToProblem();

        var (before, _) = await AlignmentHistoryReader.AsOfAsync(session, subject, start, ct);
        var (after, _) = await AlignmentHistoryReader.AsOfAsync(session, subject, end, ct);
        var between = await session.Query<AlignmentChange>()
            .Where(c => c.Subject == subject && c.Timestamp > start && c.Timestamp <= end)
            .OrderBy(c => c.Sequence).ToListAsync(ct);

        var cells = ScoreCell.Ordered(before.Concat(after).SelectMany(c => ScoreCell.Moved(c.Power, c.Dimension)));
        var changes = cells
            .Select(cell => (cell, Before: AlignmentScores.Cell(before, cell), After: AlignmentScores.Cell(after, cell)))
            .Where(x => x.Before != x.After)
            .Select(x => new CellDiff(x.cell.Power, x.cell.DimensionName, x.Before, x.After, CausesOf(between, x.cell)))
            .ToList();
        return Results.Ok(new AlignmentDiff(subject, start, end, changes));
    }

    private static List<DiffCause> CausesOf(IReadOnlyList<AlignmentChange> changes, ScoreCell cell) =>
        changes.SelectMany(c => c.Deltas
                .Where(d => cell.Includes(d.Power, d.Dimension))
                .GroupBy(d => d.ClaimId)
                .Select(g => new DiffCause(g.Key, c.Sequence, c.Timestamp, c.EventType, c.Actor, c.Reason, g.Sum(d => d.Delta))))
            .Where(cause => cause.Delta != 0)
            .ToList();
}

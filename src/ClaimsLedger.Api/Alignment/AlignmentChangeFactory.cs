using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;

namespace ClaimsLedger.Api.Alignment;

internal static class AlignmentChangeFactory
{
    /// <summary>
    /// Attributes a subject's change to the event that caused it: who, why, and which claims moved which cells; recorded at
    /// <paramref name="recorded"/> (<see cref="AlignmentClock"/>).
    /// </summary>
    public static AlignmentChange Create(SubjectAlignment subject, IEvent cause, DateTimeOffset recorded, List<AlignmentClaim> claims,
        List<ContributionChange> deltas)
    {
        var cells = ScoreCell.Ordered(deltas.SelectMany(d => ScoreCell.Moved(d.Power, d.Dimension)));
        var changes = cells.Select(cell =>
        {
            var after = subject.Cells.Cell(cell);
            var moved = deltas.Where(d => cell.Includes(d.Power, d.Dimension)).Sum(d => d.Delta);
            return new ScoreChange(cell.Power, cell.DimensionName, after - moved, after);
        }).Where(c => c.Before != c.After).ToList();

        return new AlignmentChange
        {
            Id = AlignmentChange.IdFor(subject.Id, cause.Sequence),
            Subject = subject.Id,
            Sequence = cause.Sequence,
            Timestamp = recorded,
            EventType = cause.EventTypeName,
            ClaimId = claims.Count == 1 && cause.Data is IClaimEvent ? claims[0].Id : null,
            SourceId = (cause.Data as ISourceEvent)?.SourceId,
            Actor = (cause.Data as IActorEvent)?.Actor ?? cause.UserName,
            Reason = (cause.Data as IReasonedEvent)?.Reason,
            CorrelationId = cause.CorrelationId,
            Changes = changes,
            MovesScores = changes.Count > 0,
            Deltas = deltas,
            ClaimCount = subject.Cells.ClaimCount,
            ContributionCount = subject.Cells.ContributionCount,
            PowerContributions = deltas.Select(d => d.Power).Distinct()
                .ToDictionary(p => p, p => subject.Cells.PowerContributions.GetValueOrDefault(p), StringComparer.Ordinal),
        };
    }
}

using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;

namespace ClaimsLedger.Api.Alignment;

internal static class AlignmentChangeFactory
{
    /// <summary>Attributes a subject's change to the event that caused it: who, why, and which claims moved which cells.</summary>
    public static AlignmentChange Create(SubjectAlignment subject, IEvent cause, List<AlignmentClaim> claims, List<ContributionChange> deltas)
    {
        var cells = deltas.SelectMany(d => new[] { (d.Power, Dimension: d.Dimension.Name()), (d.Power, Dimension: "overall") })
            .Distinct().OrderBy(c => c.Power, StringComparer.Ordinal).ThenBy(c => c.Dimension == "overall" ? "" : c.Dimension, StringComparer.Ordinal);
        var changes = cells.Select(cell =>
        {
            var after = subject.Cell(cell.Power, cell.Dimension);
            var moved = deltas.Where(d => d.Power == cell.Power && (cell.Dimension == "overall" || d.Dimension.Name() == cell.Dimension)).Sum(d => d.Delta);
            return new ScoreChange(cell.Power, cell.Dimension, after - moved, after);
        }).ToList();

        return new AlignmentChange
        {
            Id = AlignmentChange.IdFor(subject.Id, cause.Sequence),
            Subject = subject.Id,
            Sequence = cause.Sequence,
            Timestamp = cause.Timestamp,
            EventType = cause.EventTypeName,
            ClaimId = claims.Count == 1 && cause.Data is not (SourceReliabilityGraded or SourceRetracted) ? claims[0].Id : null,
            SourceId = cause.Data switch { SourceReliabilityGraded g => g.SourceId, SourceRetracted r => r.SourceId, _ => null },
            Actor = (cause.Data as IActorEvent)?.Actor ?? cause.UserName,
            Reason = (cause.Data as IReasonedEvent)?.Reason,
            CorrelationId = cause.CorrelationId,
            Changes = changes,
            Deltas = deltas,
        };
    }
}

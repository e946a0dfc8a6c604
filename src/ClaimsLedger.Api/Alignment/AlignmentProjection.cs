using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// Folds claim and source events, in sequence order, into one <see cref="SubjectAlignment"/> per subject.
/// A source event (regrade, retraction) re-scores every claim leaning on that source, whatever its subject,
/// which no single- or multi-stream aggregation expresses; hence a hand-written projection over batches.
/// It runs async: the daemon is its single writer, so concurrent commands never race on a subject document.
/// </summary>
public sealed class AlignmentProjection : IProjection
{
    public const string Name = "Alignment";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        var state = await AlignmentProjectionBatch.LoadAsync(operations, events, ct);
        foreach (var e in events)
        {
            foreach (var bySubject in Apply(state, e).GroupBy(c => c.Subject))
                Rescore(state, state.Subject(bySubject.Key), bySubject.ToList(), e);
        }
        state.Store(operations);
    }

    /// <summary>Updates the remembered facts and returns the claims whose contributions may have changed.</summary>
    private static IEnumerable<AlignmentClaim> Apply(AlignmentProjectionBatch state, IEvent e)
    {
        switch (e.Data)
        {
            case SourceRegistered r:
                state.Sources[r.SourceId] = new AlignmentSource { Id = r.SourceId };
                return [];
            case SourceReliabilityGraded g:
                return state.ClaimsOf(state.Source(g.SourceId, s => s.Grade = g.Grade));
            case SourceRetracted r:
                return state.ClaimsOf(state.Source(r.SourceId, s => s.Retracted = true));
            case ClaimExtracted x:
                var valid = Time.ValidTime.TryParse(x.ValidTime, out var v) ? v : null;
                var created = new AlignmentClaim
                {
                    Id = x.ClaimId, Subject = x.Subject, Effects = x.Effects.ToList(), Confidence = x.Confidence, Status = x.Status,
                    ValidStart = valid?.Start, ValidEnd = valid?.End,
                };
                state.Claims[x.ClaimId] = created;
                return [Support(state, created, x.Evidence)];
            case ClaimCorroborated c:
                return state.Claims.TryGetValue(c.ClaimId, out var corroborated) ? [Support(state, corroborated, c.Evidence)] : [];
            case ClaimContested c:
                return state.Update(c.ClaimId, claim =>
                {
                    var contester = Scoring.ContestingVoice(c.Evidence);
                    if (!claim.Contesters.Contains(contester)) claim.Contesters.Add(contester);
                });
            case ClaimConfidenceRevised r:
                return state.Update(r.ClaimId, claim => claim.Confidence = r.Confidence);
            case ClaimReviewed r:
                return state.Update(r.ClaimId, claim => claim.Status = r.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected);
            case ClaimRetracted r:
                return state.Update(r.ClaimId, claim => claim.Status = ClaimStatus.Retracted);
            default:
                return [];
        }
    }

    private static AlignmentClaim Support(AlignmentProjectionBatch state, AlignmentClaim claim, Evidence evidence)
    {
        if (!claim.Supports.Any(s => s.SourceId == evidence.SourceId))
            claim.Supports.Add(new AlignmentClaim.Support(evidence.SourceId, evidence.IndependenceKey));
        state.Source(evidence.SourceId, s => { if (!s.ClaimIds.Contains(claim.Id)) s.ClaimIds.Add(claim.Id); });
        return claim;
    }

    /// <summary>
    /// Re-scores the claims an event touched in one subject and, when any contribution moved, closes its old span, opens
    /// its new one, keeps the subject's cells exact, and records the change with its cause (and every
    /// <see cref="AlignmentSnapshot.Interval"/>th change, a snapshot of the cells).
    /// </summary>
    private static void Rescore(AlignmentProjectionBatch state, SubjectAlignment subject, List<AlignmentClaim> claims, IEvent cause)
    {
        var deltas = new List<ContributionChange>();
        foreach (var claim in claims)
        {
            var before = claim.Contributions.ToDictionary(c => c.Key);
            // An unchanged contribution keeps its span (and the sequence it holds since); a changed one starts anew here.
            var after = ContributionsOf(claim, state.Sources)
                .Select(c => before.TryGetValue(c.Key, out var was) && was.Contribution == c.Contribution ? was : c with { Since = cause.Sequence })
                .ToList();
            var afterByKey = after.ToDictionary(c => c.Key);
            foreach (var key in before.Keys.Union(afterByKey.Keys))
            {
                var (was, now) = (before.GetValueOrDefault(key), afterByKey.GetValueOrDefault(key));
                if ((was?.Contribution ?? 0) == (now?.Contribution ?? 0)) continue;
                if (was is not null) state.Record(ContributionSpan.Closed(subject.Id, was, cause.Sequence));
                if (now is not null) state.Record(ContributionSpan.Open(subject.Id, now));
                var c = now ?? was!;
                deltas.Add(new ContributionChange(c.ClaimId, c.Power, c.Dimension, was?.Contribution ?? 0, now?.Contribution ?? 0, c.ValidStart, c.ValidEnd));
            }
            subject.Cells.Replace(claim.Contributions, after);
            claim.Contributions = after;
        }
        if (deltas.Count == 0) return;
        deltas.Sort((a, b) => string.CompareOrdinal($"{a.ClaimId}|{a.Power}|{a.Dimension}", $"{b.ClaimId}|{b.Power}|{b.Dimension}"));

        subject.LastSequence = cause.Sequence;
        subject.LastChangedAt = cause.Timestamp;
        subject.ChangeCount++;
        state.Record(AlignmentChangeFactory.Create(subject, cause, claims, deltas));
        if (subject.ChangeCount % AlignmentSnapshot.Interval == 1)
        {
            state.Record(new AlignmentSnapshot
            {
                Id = AlignmentChange.IdFor(subject.Id, cause.Sequence), Subject = subject.Id, Sequence = cause.Sequence,
                Timestamp = cause.Timestamp, Cells = subject.Cells.Copy(),
            });
        }
    }

    public static IEnumerable<ClaimContribution> ContributionsOf(AlignmentClaim claim, IReadOnlyDictionary<string, AlignmentSource> sources)
    {
        if (!Scoring.InForce(claim.Status)) return [];
        var live = claim.Supports.Where(s => !(sources.TryGetValue(s.SourceId, out var src) && src.Retracted)).ToList();
        if (live.Count == 0) return [];
        var reliability = live.Max(s => Scoring.ReliabilityWeight(sources.GetValueOrDefault(s.SourceId)?.Grade));
        var independent = live.Select(s => s.IndependenceKey).Distinct().Count();
        return claim.Effects
            .Select(e => new ClaimContribution(claim.Id, e.Power, e.Dimension,
                Scoring.Contribution(e, claim.Confidence, reliability, independent, claim.Contesters.Count), claim.ValidStart, claim.ValidEnd))
            .Where(c => c.Contribution != 0)
            .ToList();
    }
}

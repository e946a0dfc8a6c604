using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;
using Marten;
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
        var state = await AlignmentBatch.LoadAsync(operations, events, ct);
        foreach (var e in events)
        {
            foreach (var claim in Apply(state, e))
                Rescore(state, claim, e);
        }
        state.Store(operations);
    }

    /// <summary>Updates the remembered facts and returns the claims whose contributions may have changed.</summary>
    private static IEnumerable<AlignmentClaim> Apply(AlignmentBatch state, IEvent e)
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
                var created = new AlignmentClaim
                {
                    Id = x.ClaimId, Subject = x.Subject, Effects = x.Effects.ToList(), Confidence = x.Confidence, Status = x.Status,
                };
                state.Claims[x.ClaimId] = created;
                return [Support(state, created, x.Evidence)];
            case ClaimCorroborated c:
                return state.Claims.TryGetValue(c.ClaimId, out var corroborated) ? [Support(state, corroborated, c.Evidence)] : [];
            case ClaimContested c:
                return state.Update(c.ClaimId, claim =>
                {
                    var contester = c.Evidence?.IndependenceKey ?? $"analyst:{c.Actor}";
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

    private static AlignmentClaim Support(AlignmentBatch state, AlignmentClaim claim, Evidence evidence)
    {
        if (!claim.Supports.Any(s => s.SourceId == evidence.SourceId))
            claim.Supports.Add(new AlignmentClaim.Support(evidence.SourceId, evidence.IndependenceKey));
        state.Source(evidence.SourceId, s => { if (!s.ClaimIds.Contains(claim.Id)) s.ClaimIds.Add(claim.Id); });
        return claim;
    }

    private static void Rescore(AlignmentBatch state, AlignmentClaim claim, IEvent cause)
    {
        var subject = state.Subject(claim.Subject);
        subject.Replace(claim.Id, ContributionsOf(claim, state.Sources));
        subject.LastSequence = cause.Sequence;
        subject.LastChangedAt = cause.Timestamp;
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
                Scoring.Contribution(e, claim.Confidence, reliability, independent, claim.Contesters.Count)))
            .Where(c => c.Contribution != 0)
            .ToList();
    }
}

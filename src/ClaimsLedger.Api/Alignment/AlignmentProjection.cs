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
            // In the order returned: a claim recoded to another subject leaves its old subject before it enters the new one.
            foreach (var bySubject in Apply(state, e).GroupBy(c => c.Subject, c => c.Claim))
                Rescore(state, state.Subject(bySubject.Key), bySubject.ToList(), e);
        }
        await state.CopyValidTimeAsync(operations, ct);
        state.Store(operations);
    }

    /// <summary>Updates the remembered facts and returns the claims whose contributions may have changed, with the subject to re-score them in.</summary>
    private static IEnumerable<(string Subject, AlignmentClaim Claim)> Apply(AlignmentProjectionBatch state, IEvent e)
    {
        switch (e.Data)
        {
            case SourceRegistered r:
                // Stored even when no claim cites the source in this batch: a claim in a later batch needs its publication.
                state.Source(r.SourceId, s => s.PublishedEnd = Time.PartialDate.TryParse(r.Published, out var published) ? published.End : null);
                return [];
            case SourceReliabilityGraded g:
                return InOwnSubjects(state.ClaimsOf(state.Source(g.SourceId, s => s.Grade = g.Grade)));
            case SourceRetracted r:
                return InOwnSubjects(state.ClaimsOf(state.Source(r.SourceId, s => s.Retracted = true)));
            case ClaimExtracted x:
                var created = new AlignmentClaim
                {
                    Id = x.ClaimId, Subject = x.Subject, Effects = x.Effects.ToList(), Confidence = x.Confidence, Status = x.Status,
                };
                created.Recode(x.Subject, x.Effects, x.ValidTime);
                state.Claims[x.ClaimId] = created;
                return InOwnSubjects([Support(state, created, x.Evidence)]);
            case ClaimCorroborated c:
                return InOwnSubjects(state.Claims.TryGetValue(c.ClaimId, out var corroborated) ? [Support(state, corroborated, c.Evidence)] : []);
            case ClaimContested c:
                return InOwnSubjects(state.Update(c.ClaimId, claim => Contest(claim, c.Evidence)));
            case ClaimConfidenceRevised r:
                return InOwnSubjects(state.Update(r.ClaimId, claim => claim.Confidence = r.Confidence));
            case ClaimReviewed r:
                return InOwnSubjects(state.Update(r.ClaimId,
                    claim => claim.Status = r.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected));
            case ClaimRetracted r:
                return InOwnSubjects(state.Update(r.ClaimId, claim => claim.Status = ClaimStatus.Retracted));
            case ClaimSuperseded r:
                return InOwnSubjects(state.Update(r.ClaimId, claim => claim.Status = ClaimStatus.Superseded));
            case ClaimMergedInto r:
                return InOwnSubjects(state.Update(r.ClaimId, claim => claim.Status = ClaimStatus.Merged));
            case ClaimsMerged m when state.Claims.TryGetValue(m.ClaimId, out var survivor):
                foreach (var evidence in m.Evidence) Support(state, survivor, evidence);
                foreach (var contestation in m.Contestations) Contest(survivor, contestation.Evidence);
                return InOwnSubjects([survivor]);
            case ClaimRecoded r when state.Claims.TryGetValue(r.ClaimId, out var recoded):
                // A new subject: the claim's contributions leave the old one (re-scored first, to nothing) and enter the new one.
                var previous = recoded.Subject;
                recoded.Recode(r.Subject, r.Effects, r.ValidTime);
                return previous == recoded.Subject ? [(previous, recoded)] : [(previous, recoded), (recoded.Subject, recoded)];
            default:
                return [];
        }
    }

    private static IEnumerable<(string Subject, AlignmentClaim Claim)> InOwnSubjects(IEnumerable<AlignmentClaim> claims) =>
        claims.Select(c => (c.Subject, c));

    private static void Contest(AlignmentClaim claim, Evidence? evidence)
    {
        var contester = Scoring.ContestingVoice(evidence);
        if (!claim.Contesters.Contains(contester)) claim.Contesters.Add(contester);
        if (evidence is not null && !claim.ContestSources.Any(s => s.SourceId == evidence.SourceId))
            claim.ContestSources.Add(new AlignmentClaim.Support(evidence.SourceId, evidence.IndependenceKey));
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
    /// <see cref="AlignmentSnapshot.Interval"/>th change, a snapshot of the cells), and its valid-time totals.
    /// </summary>
    private static void Rescore(AlignmentProjectionBatch state, SubjectAlignment subject, List<AlignmentClaim> claims, IEvent cause)
    {
        var deltas = new List<ContributionChange>();
        foreach (var claim in claims)
        {
            var before = claim.Contributions.ToDictionary(c => c.Key);
            // An unchanged contribution keeps its span (and the sequence it holds since); a changed one starts anew here.
            // A claim scored in a subject it no longer has (recoded away) contributes nothing there.
            var after = (claim.Subject == subject.Id ? ContributionsOf(claim, state.Sources) : [])
                .Select(c => before.TryGetValue(c.Key, out var was) && was.SameAs(c) ? was : c with { Since = cause.Sequence })
                .ToList();
            var afterByKey = after.ToDictionary(c => c.Key);
            foreach (var key in before.Keys.Union(afterByKey.Keys))
            {
                var (was, now) = (before.GetValueOrDefault(key), afterByKey.GetValueOrDefault(key));
                if (ReferenceEquals(was, now)) continue;
                if (was is not null) state.Close(was, cause.Sequence);
                if (now is not null) state.Open(subject.Id, now);
                if (was is not null && now is not null && !was.SameValidTime(now))
                {
                    // A recoded valid time: the old contribution leaves its valid time and the new one enters its own, so a
                    // valid-time window replaying the deltas sees each where it belongs.
                    deltas.Add(ContributionChange.Between(was, null));
                    deltas.Add(ContributionChange.Between(null, now));
                }
                else deltas.Add(ContributionChange.Between(was, now));
            }
            subject.Cells.Replace(claim.Contributions, after);
            claim.Contributions = after;
        }
        if (deltas.Count == 0) return;
        // Stable: a key's leaving delta stays before its entering one.
        deltas = deltas.OrderBy(d => $"{d.ClaimId}|{d.Power}|{d.Dimension}", StringComparer.Ordinal).ToList();

        var recorded = state.RecordTime(cause);
        subject.LastSequence = cause.Sequence;
        subject.LastChangedAt = recorded;
        subject.ChangeCount++;
        var change = AlignmentChangeFactory.Create(subject, cause, recorded, claims, deltas);
        if (change.MovesScores) change.Entry = ++subject.HistoryCount;
        state.Record(change);
        if (subject.ChangeCount % ValidTimeTotals.Interval == 1) state.CopyValidTime(subject.Id, cause.Sequence);
        if (subject.ChangeCount % AlignmentSnapshot.Interval == 1)
        {
            state.Record(new AlignmentSnapshot
            {
                Id = AlignmentChange.IdFor(subject.Id, cause.Sequence), Subject = subject.Id, Sequence = cause.Sequence,
                Timestamp = recorded, Cells = subject.Cells.Copy(),
            });
        }
    }

    public static IEnumerable<ClaimContribution> ContributionsOf(AlignmentClaim claim, IReadOnlyDictionary<string, AlignmentSource> sources)
    {
        if (!Scoring.InForce(claim.Status)) return [];
        var live = claim.Supports.Where(s => !(sources.TryGetValue(s.SourceId, out var src) && src.Retracted)).ToList();
        if (live.Count == 0) return [];
        var now = Values(claim, live, sources, claim.Contesters.Count);

        // The same contributions at each publication cut-off where the claim's evidence changes: only the supports and the
        // contesting sources published by then count (analysts' contestations are the ledger's own, and always count).
        DateTimeOffset PublishedEnd(AlignmentClaim.Support s) => sources.GetValueOrDefault(s.SourceId)?.PublishedEnd ?? DateTimeOffset.MinValue;
        var cutOffs = live.Select(PublishedEnd).Concat(claim.ContestSources.Select(PublishedEnd)).Distinct().Order().ToList();
        var analysts = claim.Contesters.Contains(Scoring.AnalystsVoice) ? 1 : 0;
        var atCutOffs = cutOffs.Select(cutOff => (CutOff: cutOff, Values: Values(claim,
            live.Where(s => PublishedEnd(s) <= cutOff).ToList(), sources,
            analysts + claim.ContestSources.Where(s => PublishedEnd(s) <= cutOff).Select(s => s.IndependenceKey).Distinct().Count()))).ToList();

        return claim.Effects
            .Select((e, i) => new ClaimContribution(claim.Id, e.Power, e.Dimension, now[i], claim.ValidStart, claim.ValidEnd)
            {
                Steps = PublicationSteps.Compress(atCutOffs.Select(c => (c.CutOff, c.Values[i]))),
            })
            .Where(c => c.Contribution != 0)
            .ToList();
    }

    /// <summary>Each effect's contribution from these supports and this many contesting voices.</summary>
    private static decimal[] Values(AlignmentClaim claim, IReadOnlyList<AlignmentClaim.Support> supports,
        IReadOnlyDictionary<string, AlignmentSource> sources, int contesters)
    {
        if (supports.Count == 0) return new decimal[claim.Effects.Count];
        var reliability = supports.Max(s => Scoring.ReliabilityWeight(sources.GetValueOrDefault(s.SourceId)?.Grade));
        var independent = supports.Select(s => s.IndependenceKey).Distinct().Count();
        return claim.Effects.Select(e => Scoring.Contribution(e, claim.Confidence, reliability, independent, contesters)).ToArray();
    }
}

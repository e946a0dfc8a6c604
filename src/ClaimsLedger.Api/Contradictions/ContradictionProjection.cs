using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using JasperFx.Events;
using Marten.Events.Projections;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// Finds contradicting pairs of claims as claim and source events arrive, and records analysts' resolutions. A claim is
/// compared only with the claims listed under its (subject, power, dimension) cells the other way over overlapping valid times
/// (<see cref="ContradictionCandidate"/>), and
/// every pair it has ever contradicted is looked at again whenever either claim or a source behind it changes. Async, like the
/// alignment: the daemon is the single writer, so concurrent commands never race on a pair.
/// </summary>
public sealed class ContradictionProjection : IProjection
{
    public const string Name = "Contradictions";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        // Only the events that can change a pair load anything: a batch of confidence revisions or contests used to load each
        // claim's pairs, the claims on their other side and every claim listed under its cells the other way, to change nothing.
        var moving = events.Where(e => CanChangePairs(e.Data)).ToList();
        if (moving.Count == 0) return;
        var batch = await ContradictionBatch.LoadAsync(operations, moving, ct);
        // Every event moves the record time on, those that change nothing too: the sooner the clock passes an instant, the
        // sooner as-of reads of it are answered without waiting (SettledInstant).
        foreach (var e in events)
        {
            batch.Pass(e);
            if (CanChangePairs(e.Data)) Apply(batch, e);
        }
        batch.Store(operations);
    }

    /// <summary>
    /// The events <see cref="Apply"/> acts on (keep the two in step): what changes a claim's coding, standing or voices, a
    /// source's retraction, and a resolution. Confidence revisions, contests, source registrations and regrades weigh in the
    /// alignment but decide no contradiction.
    /// </summary>
    public static bool CanChangePairs(object data) => data is SourceRetracted or ClaimExtracted or ClaimCorroborated or ClaimsMerged
        or ClaimReviewed or ClaimRetracted or ClaimSuperseded or ClaimMergedInto or ClaimRecoded or ContradictionResolved;

    private static void Apply(ContradictionBatch batch, IEvent e)
    {
        switch (e.Data)
        {
            case SourceRetracted r:
                var source = batch.Source(r.SourceId);
                source.Retracted = true;
                foreach (var claim in source.ClaimIds.Select(batch.Claim).OfType<ContradictionClaim>().ToList()) Evaluate(batch, claim, e);
                break;
            case ClaimExtracted x:
                var created = batch.Add(new ContradictionClaim { Id = x.ClaimId, Status = x.Status }, x.Subject, x.Effects, x.ValidTime);
                batch.Support(created, x.Evidence);
                Evaluate(batch, created, e);
                break;
            case ClaimCorroborated c:
                Change(batch, c.ClaimId, e, claim => batch.Support(claim, c.Evidence));
                break;
            case ClaimsMerged m:
                Change(batch, m.ClaimId, e, claim => { foreach (var evidence in m.Evidence) batch.Support(claim, evidence); });
                break;
            case ClaimReviewed r:
                Change(batch, r.ClaimId, e, claim => claim.Status = r.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected);
                break;
            case ClaimRetracted r:
                Change(batch, r.ClaimId, e, claim => claim.Status = ClaimStatus.Retracted);
                break;
            case ClaimSuperseded r:
                Change(batch, r.ClaimId, e, claim => claim.Status = ClaimStatus.Superseded);
                break;
            case ClaimMergedInto r:
                Change(batch, r.ClaimId, e, claim => claim.Status = ClaimStatus.Merged);
                break;
            case ClaimRecoded r:
                Change(batch, r.ClaimId, e, claim => batch.Recode(claim, r.Subject, r.Effects, r.ValidTime));
                break;
            case ContradictionResolved r when batch.Contradiction(r.ContradictionId) is { } contradiction:
                var before = ContradictionBatch.StandingOf(contradiction);
                batch.Changed(contradiction);
                contradiction.Resolution = new ContradictionResolution(r.WinningClaimId, r.Actor, r.Reason, e.Timestamp);
                contradiction.Resolved = true;
                contradiction.Version++;
                Touched(batch, contradiction, before, e);
                break;
        }
    }

    private static void Change(ContradictionBatch batch, string claimId, IEvent e, Action<ContradictionClaim> change)
    {
        if (batch.Claim(claimId) is not { } claim) return;
        change(claim);
        batch.Changed(claim);
        Evaluate(batch, claim, e);
    }

    /// <summary>The claim against every claim it could contradict and every claim it has contradicted.</summary>
    private static void Evaluate(ContradictionBatch batch, ContradictionClaim claim, IEvent e)
    {
        var others = batch.Opponents(claim)
            .Concat(batch.PairedWith(claim.Id))
            .Where(id => id != claim.Id).Distinct().Order(StringComparer.Ordinal);
        foreach (var other in others.Select(batch.Claim).OfType<ContradictionClaim>())
        {
            var (a, b) = string.CompareOrdinal(claim.Id, other.Id) < 0 ? (claim, other) : (other, claim);
            var conflicts = Conflicts(a, b, batch);
            var id = ContradictionIds.For(a.Id, b.Id);
            var contradiction = batch.Contradiction(id);
            if (contradiction is null)
            {
                if (conflicts.Count == 0) continue;
                contradiction = batch.Create(id, a, b, e);
            }
            if (contradiction.Active == conflicts.Count > 0 && contradiction.Conflicts.SequenceEqual(conflicts)
                && (conflicts.Count == 0 || contradiction.Subject == a.Subject)) continue;
            var before = ContradictionBatch.StandingOf(contradiction);
            batch.Changed(contradiction);
            if (conflicts.Count > 0) contradiction.Subject = a.Subject;
            contradiction.Conflicts = conflicts;
            contradiction.Active = conflicts.Count > 0;
            Touched(batch, contradiction, before, e);
        }
    }

    /// <summary>
    /// Where two claims contradict: none unless both are in force, about the same subject, valid over overlapping times (a claim
    /// without a valid time cannot be shown to overlap) and supported by independent sources (live evidence from at least two
    /// original publishers between them); then each (power, dimension) they move in opposite directions.
    /// </summary>
    public static List<ContradictionConflict> Conflicts(ContradictionClaim a, ContradictionClaim b, ContradictionBatch batch)
    {
        if (!Scoring.InForce(a.Status) || !Scoring.InForce(b.Status) || a.Subject != b.Subject) return [];
        if (a.ValidStart is null || b.ValidStart is null || !(a.ValidStart < b.ValidEnd && b.ValidStart < a.ValidEnd)) return [];
        var (voicesA, voicesB) = (batch.LiveVoices(a), batch.LiveVoices(b));
        if (voicesA.Count == 0 || voicesB.Count == 0 || voicesA.Union(voicesB).Count() < 2) return [];
        return ContradictionConflict.Between(a, b);
    }

    private static void Touched(ContradictionBatch batch, Contradiction contradiction, (string Subject, Standing Standing) before, IEvent e)
    {
        contradiction.UpdatedBy(e);
        batch.Recount(before, contradiction, e);
    }
}

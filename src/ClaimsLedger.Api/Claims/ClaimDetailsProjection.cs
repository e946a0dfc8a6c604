using JasperFx.Events;
using ClaimsLedger.Api.Vocabulary;
using Marten.Events.Aggregation;

namespace ClaimsLedger.Api.Claims;

/// <summary>Inline: a command's response already shows its effect. Times come from event metadata, never the clock.</summary>
public sealed partial class ClaimDetailsProjection : SingleStreamProjection<ClaimDetails, string>
{
    // Replays overwrite documents in place rather than tearing the table down first: this projection never
    // deletes a document and its ids are stable, so reads keep seeing every document during a rebuild.
    public ClaimDetailsProjection() => Options.TeardownDataOnRebuild = false;

    public ClaimDetails Create(IEvent<ClaimExtracted> @event)
    {
        var e = @event.Data;
        var claim = new ClaimDetails
        {
            Id = e.ClaimId, Subject = e.Subject, Statement = e.Statement, Effects = e.Effects.ToList(), ValidTime = e.ValidTime,
            Quantity = e.Quantity, Status = e.Status, Confidence = e.Confidence, Origin = e.Origin,
            RecordedBy = e.Actor, RecordedAt = @event.Timestamp, UpdatedAt = @event.Timestamp,
            Powers = ClaimDetails.PowersOf(e.Effects), Dimensions = ClaimDetails.DimensionsOf(e.Effects),
        };
        AddEvidence(claim, e.Evidence, "extracted", e.Actor, @event.Timestamp);
        return Revised(claim, @event);
    }

    /// <summary>A replay over an existing document (no teardown) starts the claim afresh at its first event.</summary>
    public ClaimDetails Apply(IEvent<ClaimExtracted> @event, ClaimDetails _) => Create(@event);

    public void Apply(IEvent<ClaimCorroborated> @event, ClaimDetails claim)
    {
        AddEvidence(claim, @event.Data.Evidence, "corroborated", @event.Data.Actor, @event.Timestamp);
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimContested> @event, ClaimDetails claim)
    {
        var (e, ev) = (@event.Data, @event.Data.Evidence);
        claim.Contestations.Add(new ClaimContestation(ev?.SourceId, ev?.Start, ev?.End, ev?.Quote, e.Actor, e.Reason, @event.Timestamp));
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimConfidenceRevised> @event, ClaimDetails claim)
    {
        claim.Confidence = @event.Data.Confidence;
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimReviewed> @event, ClaimDetails claim)
    {
        var e = @event.Data;
        claim.Status = e.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected;
        claim.LastReview = new ClaimReview(e.Decision, e.Actor, e.Reason, @event.Timestamp);
        claim.Reviews.Add(claim.LastReview);
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimRetracted> @event, ClaimDetails claim)
    {
        claim.Status = ClaimStatus.Retracted;
        claim.RetractionReason = @event.Data.Reason;
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimRecoded> @event, ClaimDetails claim)
    {
        var e = @event.Data;
        claim.Subject = e.Subject;
        claim.Effects = e.Effects.ToList();
        claim.ValidTime = e.ValidTime;
        claim.Powers = ClaimDetails.PowersOf(e.Effects);
        claim.Dimensions = ClaimDetails.DimensionsOf(e.Effects);
        claim.Recodings.Add(new ClaimRecoding(e.Subject, e.Effects, e.ValidTime, e.PreviousSubject, e.PreviousEffects, e.PreviousValidTime,
            e.Actor, e.Reason, @event.Timestamp));
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimSuperseded> @event, ClaimDetails claim)
    {
        claim.Status = ClaimStatus.Superseded;
        claim.SupersededBy = @event.Data.SupersededBy;
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimsMerged> @event, ClaimDetails claim)
    {
        var e = @event.Data;
        foreach (var evidence in e.Evidence) AddEvidence(claim, evidence, "merged", e.Actor, @event.Timestamp);
        foreach (var c in e.Contestations)
            claim.Contestations.Add(new ClaimContestation(c.Evidence?.SourceId, c.Evidence?.Start, c.Evidence?.End, c.Evidence?.Quote, c.Actor, c.Reason,
                @event.Timestamp));
        claim.Merged.Add(new ClaimMerge(e.DuplicateId, e.Evidence.Count, e.Actor, e.Reason, @event.Timestamp));
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimMergedInto> @event, ClaimDetails claim)
    {
        claim.Status = ClaimStatus.Merged;
        claim.MergedInto = @event.Data.SurvivorId;
        Revised(claim, @event);
    }

    /// <summary>
    /// Every event ends here: the claim's changeable fields as of this event, and the event itself, for as-of reads
    /// (ClaimDetails.AsOf) and the provenance export.
    /// </summary>
    private static ClaimDetails Revised(ClaimDetails claim, IEvent @event)
    {
        claim.UpdatedAt = @event.Timestamp;
        claim.Revisions.Add(new ClaimRevision(@event.Timestamp, claim.Status, claim.Confidence, claim.LastReview, claim.RetractionReason)
        {
            EventType = @event.EventTypeName,
            Actor = (@event.Data as IActorEvent)?.Actor,
            Reason = (@event.Data as IReasonedEvent)?.Reason,
            SupersededBy = claim.SupersededBy, MergedInto = claim.MergedInto,
        });
        return claim;
    }

    private static void AddEvidence(ClaimDetails claim, Evidence e, string role, string actor, DateTimeOffset at)
    {
        claim.Sources.Add(new ClaimEvidence(e.SourceId, role, e.Start, e.End, e.Quote, e.IndependenceKey, actor, at));
        if (!claim.SourceIds.Contains(e.SourceId)) claim.SourceIds.Add(e.SourceId);
        claim.IndependentSourceCount = claim.Sources.Select(s => s.IndependenceKey).Distinct().Count();
    }
}

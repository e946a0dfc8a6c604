using JasperFx.Events;
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
            Powers = e.Effects.Select(x => x.Power).Distinct().Order(StringComparer.Ordinal).ToList(),
            Dimensions = e.Effects.Select(x => x.Dimension).Distinct().Order().ToList(),
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
        Revised(claim, @event);
    }

    public void Apply(IEvent<ClaimRetracted> @event, ClaimDetails claim)
    {
        claim.Status = ClaimStatus.Retracted;
        claim.RetractionReason = @event.Data.Reason;
        Revised(claim, @event);
    }

    /// <summary>Every event ends here: the claim's changeable fields as of this event, for as-of reads (ClaimDetails.AsOf).</summary>
    private static ClaimDetails Revised(ClaimDetails claim, IEvent @event)
    {
        claim.UpdatedAt = @event.Timestamp;
        claim.Revisions.Add(new ClaimRevision(@event.Timestamp, claim.Status, claim.Confidence, claim.LastReview, claim.RetractionReason));
        return claim;
    }

    private static void AddEvidence(ClaimDetails claim, Evidence e, string role, string actor, DateTimeOffset at)
    {
        claim.Sources.Add(new ClaimEvidence(e.SourceId, role, e.Start, e.End, e.Quote, e.IndependenceKey, actor, at));
        if (!claim.SourceIds.Contains(e.SourceId)) claim.SourceIds.Add(e.SourceId);
        claim.IndependentSourceCount = claim.Sources.Select(s => s.IndependenceKey).Distinct().Count();
    }
}

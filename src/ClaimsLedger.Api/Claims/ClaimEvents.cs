using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

// The stored schema of a claim stream (stream id: the claim's deterministic id, "clm-…", see ClaimIdentity).
// Every event names its actor; revisions, reviews, contestations and retractions also say why.

/// <summary>Every event on a claim stream names its claim, so projections route them without listing each type.</summary>
public interface IClaimEvent : IActorEvent
{
    string ClaimId { get; }
}

/// <summary>A claim event that cites a source passage (evidence for or against the claim).</summary>
public interface ICitingEvent : IClaimEvent
{
    Evidence? Evidence { get; }
}

/// <summary>One way the claim moves its subject relative to a power. Strength 1 slight … 3 decisive.</summary>
public sealed record Effect(string Power, Dimension Dimension, Direction Direction, int Strength);

public sealed record Quantity(decimal Value, string Unit);

/// <summary>
/// Where in a source the claim is read: [Start, End) in UTF-16 code units, the quote that was there, and the
/// source's independence key (its original publisher), which never changes once the source is registered.
/// </summary>
public sealed record Evidence(string SourceId, int Start, int End, string Quote, string IndependenceKey);

/// <summary>
/// Where a claim stands. Only <c>recorded</c> and <c>accepted</c> weigh (Alignment/Scoring.InForce); <c>superseded</c> (a newer
/// claim replaced it) and <c>merged</c> (it was a duplicate of the claim it was merged into) stop weighing like a retraction.
/// </summary>
public enum ClaimStatus
{
    /// <summary>Recorded by an analyst: weighs.</summary>
    Recorded,

    /// <summary>Proposed by an extractor, awaiting review: weighs nothing until accepted.</summary>
    Proposed,

    /// <summary>The latest review accepted it: weighs.</summary>
    Accepted,

    /// <summary>The latest review rejected it: weighs nothing (a later review may accept it).</summary>
    Rejected,

    /// <summary>Withdrawn with a reason: weighs nothing, takes no further judgement.</summary>
    Retracted,

    /// <summary>A newer claim replaced it (supersededBy): weighs nothing from the supersession on.</summary>
    Superseded,

    /// <summary>A duplicate merged into another claim (mergedInto), which carries its evidence: weighs nothing.</summary>
    Merged,
}

public enum ReviewDecision { Accepted, Rejected }

public sealed record ClaimExtracted(
    string ClaimId,
    string Subject,
    string Statement,
    IReadOnlyList<Effect> Effects,
    string? ValidTime,
    Quantity? Quantity,
    Evidence Evidence,
    double Confidence,
    string Origin,
    ClaimStatus Status,
    string Actor) : ICitingEvent
{
    Evidence? ICitingEvent.Evidence => Evidence;
}

/// <summary>Another passage (usually in another source) asserts the same claim.</summary>
public sealed record ClaimCorroborated(string ClaimId, Evidence Evidence, string Actor) : ICitingEvent
{
    Evidence? ICitingEvent.Evidence => Evidence;
}

/// <summary>A source passage or an analyst disputes the claim.</summary>
public sealed record ClaimContested(string ClaimId, Evidence? Evidence, string Actor, string Reason) : ICitingEvent, IReasonedEvent;

public sealed record ClaimConfidenceRevised(string ClaimId, double Previous, double Confidence, string Actor, string Reason) : IClaimEvent, IReasonedEvent;

public sealed record ClaimReviewed(string ClaimId, ReviewDecision Decision, string Actor, string Reason) : IClaimEvent, IReasonedEvent;

public sealed record ClaimRetracted(string ClaimId, string Actor, string Reason) : IClaimEvent, IReasonedEvent;

/// <summary>
/// The claim's coding changed: its subject, effects or valid time (the statement and the evidence stay, and so does its id:
/// the history of what was coded when is the claim's own). Previous values are kept so the trail reads without a fold.
/// </summary>
public sealed record ClaimRecoded(
    string ClaimId,
    string Subject,
    IReadOnlyList<Effect> Effects,
    string? ValidTime,
    string PreviousSubject,
    IReadOnlyList<Effect> PreviousEffects,
    string? PreviousValidTime,
    string Actor,
    string Reason) : IClaimEvent, IReasonedEvent;

/// <summary>A newer claim replaces this one: from this event on it weighs nothing; the newer one weighs on its own evidence.</summary>
public sealed record ClaimSuperseded(string ClaimId, string SupersededBy, string Actor, string Reason) : IClaimEvent, IReasonedEvent;

/// <summary>A contestation carried from a merged duplicate onto the claim that survives it, as it was made.</summary>
public sealed record CarriedContestation(Evidence? Evidence, string Actor, string Reason);

/// <summary>
/// On the surviving claim: a duplicate was merged into it. The duplicate's evidence this claim did not already have becomes its
/// corroboration, and the duplicate's contestations come with it (a merge cannot shed a dispute). Appended in the same
/// transaction as <see cref="ClaimMergedInto"/> on the duplicate.
/// </summary>
public sealed record ClaimsMerged(
    string ClaimId,
    string DuplicateId,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<CarriedContestation> Contestations,
    string Actor,
    string Reason) : IClaimEvent, IReasonedEvent;

/// <summary>On the duplicate: it was merged into the surviving claim and weighs nothing from this event on.</summary>
public sealed record ClaimMergedInto(string ClaimId, string SurvivorId, string Actor, string Reason) : IClaimEvent, IReasonedEvent;

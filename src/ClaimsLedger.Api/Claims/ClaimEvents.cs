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
/// <param name="Power">The power: an ISO 3166-1 alpha-2 code in upper case, <c>EU</c> or <c>WEST</c>.</param>
/// <param name="Dimension">The kind of tie the effect is along.</param>
/// <param name="Direction">Toward the power (adds to its score) or away (subtracts).</param>
/// <param name="Strength">From 1 (slight) to 3 (decisive).</param>
public sealed record Effect(string Power, Dimension Dimension, Direction Direction, int Strength);

/// <summary>A figure a claim rests on; shown with the claim, it does not change the claim's weight.</summary>
/// <param name="Value">The number, in canonical form (<c>41</c>, <c>10.23</c>).</param>
/// <param name="Unit">The unit, with any scale: <c>USD billion</c>, <c>%</c>, <c>t</c>.</param>
public sealed record Quantity(decimal Value, string Unit);

/// <summary>
/// Where in a source the claim is read: [Start, End) in UTF-16 code units, the quote that was there, and the
/// source's independence key (its original publisher), which never changes once the source is registered.
/// </summary>
public sealed record Evidence(string SourceId, int Start, int End, string Quote, string IndependenceKey);

/// <summary>
/// Where a claim stands; only recorded and accepted claims count towards alignment scores (Alignment/Scoring.InForce).
/// </summary>
public enum ClaimStatus
{
    /// <summary>Recorded by an analyst (or a seed) and counted, not reviewed yet.</summary>
    Recorded,

    /// <summary>Proposed by the extractor: counts for nothing until an analyst accepts it.</summary>
    Proposed,

    /// <summary>Accepted on review: counted.</summary>
    Accepted,

    /// <summary>Rejected on review: kept for the record, counts for nothing (a later review may accept it).</summary>
    Rejected,

    /// <summary>Withdrawn for good: kept for the record, counts for nothing and takes no further changes.</summary>
    Retracted,

    /// <summary>A newer claim replaced it (supersededBy): counts for nothing from the supersession on.</summary>
    Superseded,

    /// <summary>A duplicate merged into another claim (mergedInto), which carries its evidence: counts for nothing.</summary>
    Merged,
}

/// <summary>An analyst's verdict on a claim.</summary>
public enum ReviewDecision
{
    /// <summary>The claim stands: its status becomes accepted and it counts.</summary>
    Accepted,

    /// <summary>The claim does not stand: its status becomes rejected and it counts for nothing until a later review accepts it.</summary>
    Rejected,
}

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

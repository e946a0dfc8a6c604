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

/// <summary>Where a claim stands; only recorded and accepted claims count towards alignment scores.</summary>
public enum ClaimStatus
{
    /// <summary>Recorded by an analyst (or a seed) and counted, not reviewed yet.</summary>
    Recorded,

    /// <summary>Proposed by the extractor: counts for nothing until an analyst accepts it.</summary>
    Proposed,

    /// <summary>Accepted on review: counted.</summary>
    Accepted,

    /// <summary>Rejected on review: kept for the record, counts for nothing.</summary>
    Rejected,

    /// <summary>Withdrawn for good: kept for the record, counts for nothing and takes no further changes.</summary>
    Retracted,
}

/// <summary>An analyst's verdict on a claim.</summary>
public enum ReviewDecision
{
    /// <summary>The claim stands: its status becomes accepted and it counts.</summary>
    Accepted,

    /// <summary>The claim does not stand: its status becomes rejected and it counts for nothing.</summary>
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

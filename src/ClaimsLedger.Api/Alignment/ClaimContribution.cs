using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// One claim's weight on one (power, dimension) of its subject. The claim's valid time travels with it so
/// valid-time filters need no second lookup; <paramref name="Since"/> is the event sequence from which it holds.
/// </summary>
public sealed record ClaimContribution(string ClaimId, string Power, Dimension Dimension, decimal Contribution,
    DateTimeOffset? ValidStart = null, DateTimeOffset? ValidEnd = null, long Since = 0)
{
    /// <summary>The contribution at each publication cut-off (<see cref="PublicationSteps"/>).</summary>
    public IReadOnlyList<PublicationStep>? Steps { get; init; }

    /// <summary>What the contribution is worth when only evidence published by the cut-off counts.</summary>
    public decimal PublishedBy(DateTimeOffset cutOff) => PublicationSteps.ValueAt(Steps, Contribution, cutOff);

    public string Key => $"{ClaimId}|{Power}|{Dimension}";

    public bool ValidDuring(DateTimeOffset from, DateTimeOffset to) => ValidStart < to && from < ValidEnd;

    public bool SameValidTime(ClaimContribution other) => ValidStart == other.ValidStart && ValidEnd == other.ValidEnd;

    /// <summary>The same weight over the same valid time, at every publication cut-off: the contribution's span goes on.</summary>
    public bool SameAs(ClaimContribution other) =>
        Key == other.Key && Contribution == other.Contribution && SameValidTime(other) && PublicationSteps.Same(Steps, other.Steps);

    /// <summary>Table order: by power, dimension, then heaviest first.</summary>
    public static int Order(ClaimContribution a, ClaimContribution b)
    {
        var c = string.CompareOrdinal(a.Power, b.Power);
        if (c == 0) c = a.Dimension.CompareTo(b.Dimension);
        if (c == 0) c = b.Contribution.CompareTo(a.Contribution);
        return c != 0 ? c : string.CompareOrdinal(a.ClaimId, b.ClaimId);
    }

    /// <summary>Weight order, as "top contributions" are listed: largest absolute value first, then by key.</summary>
    public static int ByWeight(ClaimContribution a, ClaimContribution b)
    {
        var c = Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution));
        return c != 0 ? c : string.CompareOrdinal(a.Key, b.Key);
    }
}

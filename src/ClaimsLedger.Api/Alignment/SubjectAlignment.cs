using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The current alignment of one subject (GET /api/alignments/{subject}): one document per subject, kept by
/// <see cref="AlignmentProjection"/>, so a read is one primary-key lookup and never folds events.
/// </summary>
public sealed class SubjectAlignment
{
    public string Id { get; set; } = "";
    public string Label { get; set; } = "no signal";
    public string? LeadingPower { get; set; }
    public int ClaimCount { get; set; }
    public List<ClaimContribution> Contributions { get; set; } = [];
    public long LastSequence { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }

    /// <summary>How many recorded changes this subject has had; every <see cref="AlignmentSnapshot.Interval"/>th is also snapshotted.</summary>
    public long ChangeCount { get; set; }

    /// <summary>Replaces one claim's contributions and re-derives everything that follows from them.</summary>
    public void Replace(string claimId, IEnumerable<ClaimContribution> contributions)
    {
        Contributions.RemoveAll(c => c.ClaimId == claimId);
        Contributions.AddRange(contributions);
        Contributions.Sort(ClaimContribution.Order);
        ClaimCount = AlignmentScores.ClaimCount(Contributions);
        (Label, LeadingPower) = AlignmentScores.Label(Contributions);
    }
}

/// <summary>
/// One claim's weight on one (power, dimension) of its subject. The claim's valid time travels with it so
/// valid-time filters need no second lookup.
/// </summary>
public sealed record ClaimContribution(string ClaimId, string Power, Dimension Dimension, decimal Contribution,
    DateTimeOffset? ValidStart = null, DateTimeOffset? ValidEnd = null)
{
    public string Key => $"{ClaimId}|{Power}|{Dimension}";

    public bool ValidDuring(DateTimeOffset from, DateTimeOffset to) => ValidStart < to && from < ValidEnd;

    public static int Order(ClaimContribution a, ClaimContribution b)
    {
        var c = string.CompareOrdinal(a.Power, b.Power);
        if (c == 0) c = a.Dimension.CompareTo(b.Dimension);
        if (c == 0) c = b.Contribution.CompareTo(a.Contribution);
        return c != 0 ? c : string.CompareOrdinal(a.ClaimId, b.ClaimId);
    }
}

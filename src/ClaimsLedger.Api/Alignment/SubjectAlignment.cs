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

    /// <summary>Replaces one claim's contributions and re-derives everything that follows from them.</summary>
    public void Replace(string claimId, IEnumerable<ClaimContribution> contributions)
    {
        Contributions.RemoveAll(c => c.ClaimId == claimId);
        Contributions.AddRange(contributions);
        Contributions.Sort(ClaimContribution.Order);
        ClaimCount = Contributions.Select(c => c.ClaimId).Distinct().Count();
        (Label, LeadingPower) = AlignmentLabel.For(Contributions.GroupBy(c => c.Power).ToDictionary(g => g.Key, g => g.Sum(c => c.Contribution)));
    }

    /// <summary>Per power: the overall score, then one per dimension; each is exactly the sum of its contributions.</summary>
    public Dictionary<string, Dictionary<string, decimal>> Scores() =>
        Contributions.GroupBy(c => c.Power)
            .Select(g => (Power: g.Key, Overall: g.Sum(c => c.Contribution), Items: g))
            .OrderByDescending(p => p.Overall).ThenBy(p => p.Power, StringComparer.Ordinal)
            .ToDictionary(p => p.Power, p =>
            {
                var byDimension = new Dictionary<string, decimal> { ["overall"] = p.Overall };
                foreach (var d in Enum.GetValues<Dimension>())
                    byDimension[d.Name()] = p.Items.Where(c => c.Dimension == d).Sum(c => c.Contribution);
                return byDimension;
            });
}

public sealed record ClaimContribution(string ClaimId, string Power, Dimension Dimension, decimal Contribution)
{
    public static int Order(ClaimContribution a, ClaimContribution b)
    {
        var c = string.CompareOrdinal(a.Power, b.Power);
        if (c == 0) c = a.Dimension.CompareTo(b.Dimension);
        if (c == 0) c = b.Contribution.CompareTo(a.Contribution);
        return c != 0 ? c : string.CompareOrdinal(a.ClaimId, b.ClaimId);
    }
}

using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>Everything an alignment shows follows from its contributions; this is the one place that derives it.</summary>
public static class AlignmentScores
{
    /// <summary>Per power: the overall score, then one per dimension; each is exactly the sum of its contributions.</summary>
    public static Dictionary<string, Dictionary<string, decimal>> Of(IReadOnlyCollection<ClaimContribution> contributions) =>
        contributions.GroupBy(c => c.Power)
            .Select(g => (Power: g.Key, Overall: g.Sum(c => c.Contribution), Items: g))
            .OrderByDescending(p => p.Overall).ThenBy(p => p.Power, StringComparer.Ordinal)
            .ToDictionary(p => p.Power, p =>
            {
                var byDimension = new Dictionary<string, decimal> { [ScoreCell.OverallName] = p.Overall };
                foreach (var d in Enum.GetValues<Dimension>())
                    byDimension[d.Name()] = p.Items.Where(c => c.Dimension == d).Sum(c => c.Contribution);
                return byDimension;
            });

    public static (string Label, string? LeadingPower) Label(IReadOnlyCollection<ClaimContribution> contributions) =>
        AlignmentLabel.For(contributions.GroupBy(c => c.Power).ToDictionary(g => g.Key, g => g.Sum(c => c.Contribution)));

    public static int ClaimCount(IReadOnlyCollection<ClaimContribution> contributions) =>
        contributions.Select(c => c.ClaimId).Distinct().Count();

    /// <summary>The score one cell shows.</summary>
    public static decimal Cell(IEnumerable<ClaimContribution> contributions, ScoreCell cell) =>
        contributions.Where(c => cell.Includes(c.Power, c.Dimension)).Sum(c => c.Contribution);
}

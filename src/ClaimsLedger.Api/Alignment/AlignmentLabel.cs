namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// Labels follow from the overall scores by fixed rules (README, "Labels"): shares are each power's positive
/// overall score over the sum of positive overall scores.
/// </summary>
public static class AlignmentLabel
{
    public const decimal DriftThreshold = -1.0m;

    public static (string Label, string? LeadingPower) For(IReadOnlyDictionary<string, decimal> overallByPower)
    {
        var positive = overallByPower.Where(p => p.Value > 0)
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var total = positive.Sum(p => p.Value);
        if (total == 0) return ("no signal", null);

        var leader = positive[0];
        var share = leader.Value / total;
        var secondShare = positive.Count > 1 ? positive[1].Value / total : 0m;
        var receding = overallByPower.Where(p => p.Value <= DriftThreshold)
            .OrderBy(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key).FirstOrDefault();

        if (receding is not null && share >= 0.4m) return ($"drifting {receding}→{leader.Key}", leader.Key);
        if (share >= 0.6m && secondShare < 0.25m) return ($"aligned with {leader.Key}", leader.Key);
        if (share >= 0.45m) return ($"leaning {leader.Key}", leader.Key);
        return ("multi-vector", leader.Key);
    }
}

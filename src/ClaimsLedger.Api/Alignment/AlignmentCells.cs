using System.Text.Json.Serialization;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A subject's scores as running totals: every cell (a power's overall score and one per dimension), how many
/// contributions each power has, and how many claims and contributions weigh at all. Kept exact as contributions
/// are replaced, so a read never sums contributions: scores cost what the cells hold, however many claims there are.
/// </summary>
public sealed class AlignmentCells
{
    /// <summary>Cell scores by <see cref="ScoreCell.Key"/>.</summary>
    [JsonConverter(typeof(CellScoresJson))]
    public Dictionary<string, decimal> Scores { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Contributions per power: a power is shown while it has any.</summary>
    public Dictionary<string, int> PowerContributions { get; set; } = new(StringComparer.Ordinal);

    public int ClaimCount { get; set; }
    public int ContributionCount { get; set; }

    public decimal Cell(ScoreCell cell) => Scores.GetValueOrDefault(cell.Key);

    /// <summary>One claim's contributions go from <paramref name="old"/> to <paramref name="next"/>.</summary>
    public void Replace(IReadOnlyCollection<ClaimContribution> old, IReadOnlyCollection<ClaimContribution> next)
    {
        foreach (var c in old) Move(c, -c.Contribution, -1);
        foreach (var c in next) Move(c, c.Contribution, +1);
        ClaimCount += (next.Count > 0 ? 1 : 0) - (old.Count > 0 ? 1 : 0);
        ContributionCount += next.Count - old.Count;
    }

    private void Move(ClaimContribution c, decimal by, int count)
    {
        foreach (var cell in ScoreCell.Moved(c.Power, c.Dimension))
        {
            var score = Scores.GetValueOrDefault(cell.Key) + by;
            if (score == 0) Scores.Remove(cell.Key);
            else Scores[cell.Key] = score;
        }
        var left = PowerContributions.GetValueOrDefault(c.Power) + count;
        if (left == 0) PowerContributions.Remove(c.Power);
        else PowerContributions[c.Power] = left;
    }

    /// <summary>Sets the moved cells' new scores, the touched powers' contribution counts and the subject's counts after a change.</summary>
    public void Apply(IEnumerable<ScoreChange> moved, IReadOnlyDictionary<string, int> powerContributions, int claimCount, int contributionCount)
    {
        foreach (var cell in moved)
        {
            var key = ScoreCell.KeyOf(cell.Power, cell.Dimension);
            if (cell.After == 0) Scores.Remove(key);
            else Scores[key] = cell.After;
        }
        foreach (var (power, count) in powerContributions)
        {
            if (count == 0) PowerContributions.Remove(power);
            else PowerContributions[power] = count;
        }
        (ClaimCount, ContributionCount) = (claimCount, contributionCount);
    }

    /// <summary>As served: per power (overall score descending, then code) its overall score, then one per dimension.</summary>
    public Dictionary<string, Dictionary<string, decimal>> View()
    {
        var powers = PowerContributions.Keys.Select(power => (Power: power, Overall: Cell(ScoreCell.Overall(power))))
            .OrderByDescending(p => p.Overall).ThenBy(p => p.Power, StringComparer.Ordinal);
        var view = new Dictionary<string, Dictionary<string, decimal>>(PowerContributions.Count, StringComparer.Ordinal);
        foreach (var (power, overall) in powers)
        {
            var columns = new Dictionary<string, decimal>(ScoreCell.ColumnNames.Count, StringComparer.Ordinal);
            for (var column = 0; column < ScoreCell.ColumnNames.Count; column++)
                columns[ScoreCell.ColumnNames[column]] = column == 0 ? overall : Scores.GetValueOrDefault(ScoreCell.KeyOf(power, column));
            view[power] = columns;
        }
        return view;
    }

    public (string Label, string? LeadingPower) Label() =>
        AlignmentLabel.For(PowerContributions.Keys.ToDictionary(p => p, p => Cell(ScoreCell.Overall(p))));

    public AlignmentCells Copy() => new()
    {
        Scores = new Dictionary<string, decimal>(Scores, StringComparer.Ordinal),
        PowerContributions = new Dictionary<string, int>(PowerContributions, StringComparer.Ordinal),
        ClaimCount = ClaimCount,
        ContributionCount = ContributionCount,
    };

    /// <summary>Cells from a full list of contributions: the slow path (a valid-time filter) and the tests' check.</summary>
    public static AlignmentCells Of(IEnumerable<ClaimContribution> contributions)
    {
        var cells = new AlignmentCells();
        foreach (var claim in contributions.GroupBy(c => c.ClaimId)) cells.Replace([], claim.ToList());
        return cells;
    }
}

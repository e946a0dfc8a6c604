using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// One score a subject shows for a power: its overall score (no dimension), or its score along one dimension. Each
/// is the sum of the contributions it includes; on the wire the overall cell's dimension reads "overall".
/// </summary>
public readonly record struct ScoreCell(string Power, Dimension? Dimension)
{
    public const string OverallName = "overall";

    /// <summary>Every score column in display order: overall first, then the dimensions in vocabulary order.</summary>
    public static readonly IReadOnlyList<string> ColumnNames = [OverallName, .. Enum.GetValues<Dimension>().Select(d => d.Name())];

    public static ScoreCell Overall(string power) => new(power, null);

    /// <summary>The cell a <see cref="Key"/> names.</summary>
    public static ScoreCell Parse(string key)
    {
        var (power, dimension) = (key[..key.IndexOf('|')], key[(key.IndexOf('|') + 1)..]);
        return dimension == OverallName ? Overall(power) : new ScoreCell(power, Enum.Parse<Dimension>(dimension, ignoreCase: true));
    }

    public string DimensionName => Dimension?.Name() ?? OverallName;

    /// <summary>How the cell is stored in a cell table ("CN|economic", "CN|overall").</summary>
    public string Key => $"{Power}|{DimensionName}";

    public bool Includes(string power, Dimension dimension) => power == Power && (Dimension is null || Dimension == dimension);

    /// <summary>The two cells one contribution moves: its dimension's and its power's overall score.</summary>
    public static IEnumerable<ScoreCell> Moved(string power, Dimension dimension) => [new(power, dimension), Overall(power)];

    /// <summary>Display order: by power, then overall, then dimensions in vocabulary order.</summary>
    public static IEnumerable<ScoreCell> Ordered(IEnumerable<ScoreCell> cells) =>
        cells.Distinct().OrderBy(c => c.Power, StringComparer.Ordinal).ThenBy(c => c.Dimension is null ? -1 : (int)c.Dimension);
}

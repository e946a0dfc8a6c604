using System.Collections.Concurrent;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// One score a subject shows for a power: its overall score (no dimension), or its score along one dimension. Each
/// is the sum of the contributions it includes; on the wire the overall cell's dimension reads "overall".
/// </summary>
public readonly record struct ScoreCell(string Power, Dimension? Dimension)
{
    public const string OverallName = "overall";

    private static readonly string[] Columns = [OverallName, .. Enum.GetValues<Dimension>().Select(d => d.Name())];

    /// <summary>Every score column in display order: overall first, then the dimensions in vocabulary order.</summary>
    public static readonly IReadOnlyList<string> ColumnNames = Columns;

    public static ScoreCell Overall(string power) => new(power, null);

    /// <summary>The cell a <see cref="Key"/> names.</summary>
    public static ScoreCell Parse(string key)
    {
        var (power, dimension) = (key[..key.IndexOf('|')], key[(key.IndexOf('|') + 1)..]);
        return dimension == OverallName ? Overall(power) : new ScoreCell(power, Enum.Parse<Dimension>(dimension, ignoreCase: true));
    }

    public string DimensionName => Dimension?.Name() ?? OverallName;

    /// <summary>How the cell is stored in a cell table ("CN|economic", "CN|overall").</summary>
    public string Key => KeyOf(Power, Dimension is { } d ? (int)d + 1 : 0);

    /// <summary>The <see cref="Key"/> of a power's cell in a column named as in <see cref="ColumnNames"/>.</summary>
    public static string KeyOf(string power, string column) => Array.IndexOf(Columns, column) is var at and >= 0 ? KeyOf(power, at) : $"{power}|{column}";

    /// <summary>
    /// The <see cref="Key"/> of a power's cell in the column at <paramref name="column"/> of <see cref="ColumnNames"/>, made once
    /// per power: every read moves and looks up cells by key, and building the key each time was a string for every cell moved
    /// and every score shown (~7 % of what an as-of read allocated). Powers are a fixed vocabulary (ISO codes, EU, WEST),
    /// so the cache stays small; past <see cref="MostPowersCached"/> keys are built as before rather than kept.
    /// </summary>
    public static string KeyOf(string power, int column)
    {
        if (KeysByPower.TryGetValue(power, out var keys)) return keys[column];
        if (KeysByPower.Count >= MostPowersCached) return $"{power}|{Columns[column]}";
        return KeysByPower.GetOrAdd(power, static p => [.. Columns.Select(c => $"{p}|{c}")])[column];
    }

    /// <summary>
    /// The <see cref="Key"/> spelled by <paramref name="key"/>, without making a string when its power was seen before: a cell
    /// table read from JSON (<see cref="CellScoresJson"/>) names every cell of the subject.
    /// </summary>
    public static string KeyOf(ReadOnlySpan<char> key)
    {
        var bar = key.IndexOf('|');
        var column = bar < 0 ? -1 : ColumnOf(key[(bar + 1)..]);
        if (column < 0) return new string(key);
        return KeysByPowerSpelled.TryGetValue(key[..bar], out var keys) ? keys[column] : KeyOf(new string(key[..bar]), column);
    }

    private static int ColumnOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < Columns.Length; i++)
            if (name.SequenceEqual(Columns[i])) return i;
        return -1;
    }

    private const int MostPowersCached = 1024;
    private static readonly ConcurrentDictionary<string, string[]> KeysByPower = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string[]>.AlternateLookup<ReadOnlySpan<char>> KeysByPowerSpelled =
        KeysByPower.GetAlternateLookup<ReadOnlySpan<char>>();

    public bool Includes(string power, Dimension dimension) => power == Power && (Dimension is null || Dimension == dimension);

    /// <summary>The two cells one contribution moves: its dimension's and its power's overall score.</summary>
    public static IEnumerable<ScoreCell> Moved(string power, Dimension dimension) => [new(power, dimension), Overall(power)];

    /// <summary>Display order: by power, then overall, then dimensions in vocabulary order.</summary>
    public static IEnumerable<ScoreCell> Ordered(IEnumerable<ScoreCell> cells) =>
        cells.Distinct().OrderBy(c => c.Power, StringComparer.Ordinal).ThenBy(c => c.Dimension is null ? -1 : (int)c.Dimension);
}

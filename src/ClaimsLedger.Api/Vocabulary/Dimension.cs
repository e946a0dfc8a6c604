namespace ClaimsLedger.Api.Vocabulary;

/// <summary>The kinds of tie along which a subject moves toward or away from a power.</summary>
public enum Dimension { Economic, Security, Diplomatic, Energy, Infrastructure, Cultural, Migration }

public enum Direction { Toward, Away }

public static class VocabularyParsing
{
    public static readonly string[] DimensionNames = Enum.GetNames<Dimension>().Select(n => n.ToLowerInvariant()).ToArray();

    public static bool TryParseDimension(string? text, out Dimension dimension)
    {
        dimension = default;
        return text is not null && DimensionNames.Contains(text) && Enum.TryParse(text, ignoreCase: true, out dimension);
    }

    public static bool TryParseDirection(string? text, out Direction direction)
    {
        direction = default;
        return text is "toward" or "away" && Enum.TryParse(text, ignoreCase: true, out direction);
    }

    public static string Name(this Dimension d) => d.ToString().ToLowerInvariant();
    public static string Name(this Direction d) => d.ToString().ToLowerInvariant();
}

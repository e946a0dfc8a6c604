namespace ClaimsLedger.Api.Vocabulary;

/// <summary>The kinds of tie along which a subject moves toward or away from a power.</summary>
public enum Dimension
{
    /// <summary>Trade, investment, loans, sanctions, currency and customs arrangements.</summary>
    Economic,

    /// <summary>Arms, bases, exercises, defence pacts and security cooperation.</summary>
    Security,

    /// <summary>Votes, visits, recognitions, treaties and membership of blocs.</summary>
    Diplomatic,

    /// <summary>Oil, gas, electricity, nuclear fuel and the pipelines that carry them.</summary>
    Energy,

    /// <summary>Railways, roads, ports, telecoms and other built links.</summary>
    Infrastructure,

    /// <summary>Language, education, media and religious ties.</summary>
    Cultural,

    /// <summary>Labour migration, visas and diaspora ties.</summary>
    Migration,
}

/// <summary>Which way an effect moves the subject relative to the power.</summary>
public enum Direction
{
    /// <summary>Closer to the power: the effect adds to the power's score.</summary>
    Toward,

    /// <summary>Away from the power: the effect subtracts from the power's score.</summary>
    Away,
}

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

    private static readonly string[] DirectionNames = Enum.GetNames<Direction>().Select(n => n.ToLowerInvariant()).ToArray();

    // Names come from the arrays, made once: every read serving contributions or scores names each one's dimension, and
    // ToString().ToLowerInvariant() made two strings each time.
    public static string Name(this Dimension d) => (uint)d < DimensionNames.Length ? DimensionNames[(int)d] : d.ToString().ToLowerInvariant();
    public static string Name(this Direction d) => (uint)d < DirectionNames.Length ? DirectionNames[(int)d] : d.ToString().ToLowerInvariant();
}

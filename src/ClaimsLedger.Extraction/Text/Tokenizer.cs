using System.Text.RegularExpressions;

namespace ClaimsLedger.Extraction.Text;

/// <summary>A word of the text: offsets into the original string, so evidence can always be cut from it.</summary>
/// <summary>Gap is the punctuation between the previous word and this one (",", "; ", " — "), trimmed; empty if none.</summary>
internal readonly record struct Token(string Raw, string Key, int Start, int End, bool Possessive, string Gap = "")
{
    public bool Capitalised => Raw.Length > 0 && char.IsUpper(Raw[0]);
}

internal static partial class Tokenizer
{
    // Dotted abbreviations (U.S.) stay whole; hyphens split ("Russian-led" → Russian, led) so a demonym inside a
    // compound still names its country; internal apostrophes stay (Xi'an, don't).
    [GeneratedRegex(@"[A-Za-z](?:\.[A-Za-z])+\.?|[\p{L}\p{N}]+(?:['’][\p{L}]+)*")]
    private static partial Regex Word();

    public static List<Token> Tokenize(string text, int from = 0, int to = -1)
    {
        if (to < 0) to = text.Length;
        var tokens = new List<Token>();
        var previousEnd = from;
        foreach (var m in Word().EnumerateMatches(text.AsSpan(from, to - from)))
        {
            var raw = text.Substring(from + m.Index, m.Length);
            var key = raw.Replace('’', '\'').ToLowerInvariant().TrimEnd('.');
            var possessive = key.EndsWith("'s", StringComparison.Ordinal) && key.Length > 2;
            if (possessive) key = key[..^2];
            var start = from + m.Index;
            // Clause rules need to see commas and dashes, which are not words.
            var gap = tokens.Count == 0 ? "" : text[previousEnd..start].Trim();
            tokens.Add(new Token(raw, key, start, start + m.Length, possessive, gap));
            previousEnd = start + m.Length;
        }
        return tokens;
    }
}

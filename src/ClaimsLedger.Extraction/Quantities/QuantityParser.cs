using System.Globalization;
using System.Text.RegularExpressions;

namespace ClaimsLedger.Extraction.Quantities;

/// <summary>
/// The first figure of a sentence with its unit: "$41 billion" → 41 "USD billion", "26 billion yuan" →
/// 26 "CNY billion", "more than 99 percent" → 99 "percent", "100,000 Russians" → 100000 "people".
/// </summary>
public static partial class QuantityParser
{
    private static readonly Dictionary<string, string> Currencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["$"] = "USD", ["US$"] = "USD", ["dollars"] = "USD", ["dollar"] = "USD", ["€"] = "EUR", ["euros"] = "EUR", ["euro"] = "EUR",
        ["yuan"] = "CNY", ["renminbi"] = "CNY", ["rmb"] = "CNY", ["roubles"] = "RUB", ["rubles"] = "RUB", ["tenge"] = "KZT",
        ["£"] = "GBP", ["pounds"] = "GBP", ["som"] = "UZS", ["lira"] = "TRY", ["rupees"] = "INR",
    };

    // One pattern, read left to right so the first figure in the sentence wins: a currency sign, the number, a scale,
    // and then a currency word, a percent sign or a noun.
    [GeneratedRegex(@"(?<cur>US\$|\$|€|£)?\s?(?<![A-Za-z\d.,\-])(?<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?<scale>trillion|billion|million|thousand|bn|mn|m)\b)?(?:\s*(?:-\s*)?(?<unit>%|per\s?cent|percent|[A-Za-z][A-Za-z’']*))?")]
    private static partial Regex Figure();

    private static readonly HashSet<string> NotUnits = new(StringComparer.OrdinalIgnoreCase)
    { "and", "or", "to", "of", "in", "on", "the", "a", "by", "at", "for", "from", "with", "as", "than", "st", "nd", "rd", "th", "s" };

    public static (decimal Value, string Unit)? Parse(string sentence, Func<string, bool> isPeopleNoun)
    {
        foreach (Match m in Figure().Matches(sentence))
        {
            var number = m.Groups["num"].Value;
            // Years and days of the month are times, not quantities.
            if (!m.Groups["cur"].Success && !m.Groups["scale"].Success && LooksLikeTime(sentence, m, number)) continue;
            var value = decimal.Parse(number.Replace(",", ""), CultureInfo.InvariantCulture);
            var scale = m.Groups["scale"].Value.ToLowerInvariant() switch { "bn" => "billion", "mn" or "m" => "million", var s => s };
            var unit = m.Groups["unit"].Success ? m.Groups["unit"].Value.Replace('’', '\'') : "";
            string? currency = m.Groups["cur"].Success ? Currencies[m.Groups["cur"].Value] : Currencies.GetValueOrDefault(unit);
            if (currency is not null) return (value, scale.Length > 0 ? $"{currency} {scale}" : currency);
            if (unit is "%" || unit.Replace(" ", "").Equals("percent", StringComparison.OrdinalIgnoreCase)) return (value, "percent");
            if (unit.Length == 0 || NotUnits.Contains(unit)) { if (scale.Length > 0) return (value, scale); continue; }
            if (scale.Length > 0) value *= scale switch { "trillion" => 1_000_000_000_000m, "billion" => 1_000_000_000m, "million" => 1_000_000m, _ => 1000m };
            // A count of people named by nationality ("100,000 Russians") or role ("migrants") is a count of people.
            var noun = unit.TrimEnd('\'').ToLowerInvariant();
            return (value, isPeopleNoun(unit) ? "people" : noun);
        }
        return null;
    }

    private static bool LooksLikeTime(string sentence, Match m, string number)
    {
        if (number.Length == 4 && (number.StartsWith("19", StringComparison.Ordinal) || number.StartsWith("20", StringComparison.Ordinal))) return true;
        if (number.Contains('.') || number.Contains(',') || number.Length > 2) return false;
        var around = sentence.Substring(Math.Max(0, m.Index - 12), Math.Min(sentence.Length, m.Index + m.Length + 12) - Math.Max(0, m.Index - 12));
        return Regex.IsMatch(around, "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
               || m.Groups["unit"].Value is "st" or "nd" or "rd" or "th";
    }
}

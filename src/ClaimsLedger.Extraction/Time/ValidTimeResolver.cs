using System.Text.RegularExpressions;

namespace ClaimsLedger.Extraction.Time;

/// <summary>
/// Resolves the first time expression of a sentence against the publication date, to "2023", "2023-05",
/// "2023-05-18" or a range "2022/2024". A sentence without one holds at the publication month.
/// </summary>
public static partial class ValidTimeResolver
{
    private const string Months = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

    [GeneratedRegex(@"\b(?:from|between)\s+((?:19|20)\d\d)\s+(?:to|and|until|through)\s+((?:19|20)\d\d)\b", RegexOptions.IgnoreCase)]
    private static partial Regex YearRange();

    [GeneratedRegex(@"(?<![\d$,.])((?:19|20)\d\d)(?![\d,])(?!\s*(?:billion|million|people|percent|km|%))")]
    private static partial Regex Year();

    [GeneratedRegex(@"\b(?<pre>last|next|early|late|mid|in|on|since|of|this|by|until)?\s*(?:(?<d1>\d{1,2})(?:\s*[-–]\s*\d{1,2})?\s+)?(?<m>" + Months + @")\.?(?:\s+(?<d2>\d{1,2})(?:st|nd|rd|th)?(?!\d)(?:\s*[-–]\s*\d{1,2})?)?(?:,?\s+(?<y>(?:19|20)\d\d))?\b")]
    private static partial Regex MonthName();

    [GeneratedRegex(@"\b(?<rel>last|this|next|past|earlier this|later this|previous)\s+(?<unit>year|month|week)\b|\b(?<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?<unit2>years?|months?)\s+ago\b|\b(?<now>yesterday|today|recently|in recent (?:weeks|months)|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b", RegexOptions.IgnoreCase)]
    private static partial Regex Relative();

    public static string Default(DateOnly published) => $"{published.Year:D4}-{published.Month:D2}";

    /// <summary>The resolved time of the earliest expression in <paramref name="sentence"/>, or null when none.</summary>
    public static string? Resolve(string sentence, DateOnly published)
    {
        var candidates = new List<(int At, int Length, string Value)>();
        foreach (Match m in YearRange().Matches(sentence))
            candidates.Add((m.Index, m.Length, $"{m.Groups[1].Value}/{m.Groups[2].Value}"));
        foreach (Match m in Year().Matches(sentence))
        {
            var since = Regex.IsMatch(sentence[..m.Index], @"\bsince\s+$", RegexOptions.IgnoreCase);
            var year = int.Parse(m.Groups[1].Value);
            candidates.Add((since ? m.Index - 6 : m.Index, m.Length, since && year < published.Year ? $"{year}/{published.Year}" : $"{year}"));
        }
        foreach (Match m in MonthName().Matches(sentence))
            if (MonthValue(m, published) is { } value) candidates.Add((m.Groups["m"].Index, m.Length, value));
        foreach (Match m in Relative().Matches(sentence))
            candidates.Add((m.Index, m.Length, RelativeValue(m, published)));
        if (candidates.Count == 0) return null;
        // The earliest expression wins; at the same place the longest (most specific) one.
        return candidates.OrderBy(c => c.At).ThenByDescending(c => c.Length).First().Value;
    }

    private static string? MonthValue(Match m, DateOnly published)
    {
        var name = m.Groups["m"].Value;
        var pre = m.Groups["pre"].Value.ToLowerInvariant();
        var day = m.Groups["d1"].Success ? m.Groups["d1"].Value : m.Groups["d2"].Success ? m.Groups["d2"].Value : null;
        // "May" is usually the verb: only a day, a year or a preposition before it make it the month.
        if (name == "May" && day is null && !m.Groups["y"].Success && pre is "" or "this") return null;
        var month = Array.FindIndex(Months.Split('|'), n => n == name) % 12 + 1;
        if (name is "Sept" or "Sep") month = 9;
        int year;
        if (m.Groups["y"].Success) year = int.Parse(m.Groups["y"].Value);
        else if (pre == "last") year = month < published.Month ? published.Year : published.Year - 1;
        else if (pre == "next") year = month > published.Month ? published.Year : published.Year + 1;
        // Unqualified months point back: news reports what happened, so a month after publication is last year's.
        else year = month <= published.Month ? published.Year : published.Year - 1;
        if (day is not null && int.TryParse(day, out var d) && d >= 1 && d <= DateTime.DaysInMonth(year, month))
            return $"{year:D4}-{month:D2}-{d:D2}";
        return $"{year:D4}-{month:D2}";
    }

    private static string RelativeValue(Match m, DateOnly published)
    {
        var month = new DateOnly(published.Year, published.Month, 1);
        if (m.Groups["now"].Success) return Default(published);
        if (m.Groups["n"].Success)
        {
            var n = m.Groups["n"].Value.ToLowerInvariant() switch
            {
                "a" or "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6,
                "seven" => 7, "eight" => 8, "nine" => 9, "ten" => 10, var s => int.Parse(s),
            };
            return m.Groups["unit2"].Value.StartsWith("year", StringComparison.OrdinalIgnoreCase)
                ? $"{published.Year - n:D4}" : Default(month.AddMonths(-n));
        }
        var rel = m.Groups["rel"].Value.ToLowerInvariant();
        var step = rel switch { "last" or "past" or "previous" => -1, "next" => 1, _ => 0 };
        return m.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "year" => $"{published.Year + step:D4}",
            "month" => Default(month.AddMonths(step)),
            _ => Default(published),      // a week is finer than the text's own date precision; keep the month
        };
    }
}

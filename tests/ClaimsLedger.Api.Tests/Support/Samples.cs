namespace ClaimsLedger.Api.Tests.Support;

/// <summary>Test data written for the tests (not copied from the seeds), so each test states what it relies on.</summary>
public static class Samples
{
    public const string TradeText =
        "Trade between Astana and Beijing rose sharply last year. China became Kazakhstan's largest trading partner, " +
        "overtaking Russia, according to customs data. Moscow's share of Kazakh imports fell to a third.";

    public const string SyndicatedTradeText =
        "REPOST: China became Kazakhstan's largest trading partner, overtaking Russia, according to customs data.";

    public const string ArmeniaText =
        "Yerevan froze its participation in the Russian-led security bloc and held exercises with American troops.";

    public static object Source(string text, string title = "Kazakh trade in 2023", string carrier = "Steppe Economic Review",
        string? id = null, string? originalPublisher = null, bool syndicated = false, string? reliability = "B", string published = "2024-07") => new
    {
        id, title, carrier, originalPublisher, syndicated, published, url = "https://example.org/a", language = "en",
        reliability, reliabilityReason = reliability is null ? null : "Established outlet with a record of accurate trade reporting.",
        text,
    };

    public static object Evidence(string sourceId, string text, string quote)
    {
        var start = text.IndexOf(quote, StringComparison.Ordinal);
        if (start < 0) throw new ArgumentException($"'{quote}' is not in the text");
        return new { sourceId, start, end = start + quote.Length, quote };
    }

    public static object KazakhTradeClaim(string sourceId, string text = TradeText, string quote = "China became Kazakhstan's largest trading partner",
        double? confidence = 0.8) => new
    {
        subject = "KZ",
        statement = "China became Kazakhstan's largest trading partner, overtaking Russia.",
        effects = new object[]
        {
            new { power = "CN", dimension = "economic", direction = "toward", strength = 2 },
            new { power = "RU", dimension = "economic", direction = "away", strength = 1 },
        },
        validTime = "2023",
        quantity = (object?)null,
        evidence = Evidence(sourceId, text, quote),
        confidence,
    };

    /// <summary>The trade claim restated as report <paramref name="i"/>: a distinct claim about KZ on the same evidence in source "steppe".</summary>
    public static object RestatedTradeClaim(int i) => new
    {
        subject = "KZ",
        statement = $"China became Kazakhstan's largest trading partner, overtaking Russia (report {i}).",
        effects = new object[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 2 } },
        validTime = "2023",
        evidence = Evidence("steppe", TradeText, "China became Kazakhstan's largest trading partner"),
    };
}

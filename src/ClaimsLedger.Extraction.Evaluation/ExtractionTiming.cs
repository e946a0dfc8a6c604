using System.Diagnostics;
using System.Globalization;

namespace ClaimsLedger.Extraction.Evaluation;

/// <summary>
/// How long one long article takes: the gold articles joined (repeated if need be) into a text of at least
/// <see cref="Words"/> words, extracted after a warm-up, the median and slowest of several runs reported. A measurement
/// for the evaluation command and the README, never a test's assertion.
/// </summary>
public static class ExtractionTiming
{
    public const int Words = 10_000;
    private const int WarmUps = 3, Runs = 15;

    public static string Measure(ClaimExtractor extractor, IReadOnlyList<GoldArticle> articles)
    {
        if (articles.Count == 0) return "timing: no articles\n";
        var text = string.Join("\n\n", articles.Select(a => a.Text));
        while (CountWords(text) < Words) text += "\n\n" + text;
        var published = articles[0].Published;
        for (var i = 0; i < WarmUps; i++) extractor.Extract(text, published);
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            extractor.Extract(text, published);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"timing: {CountWords(text)} words, {Runs} runs: median {times[Runs / 2]:0.0} ms, slowest {times[^1]:0.0} ms\n");
    }

    private static int CountWords(string text) => text.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
}

using System.Globalization;
using System.Text;

namespace ClaimsLedger.Extraction.Evaluation;

/// <summary>
/// What the scores hide: for each article, the predicted effects that matched nothing in the gold (false positives) and
/// the gold effects nothing matched (misses), each with its sentence. Within one (subject, power, direction) tuple the
/// multiset match is order-free, so instances are paired by overlapping evidence first: the leftovers shown are the ones
/// an analyst would call wrong, and their count is exactly what the scores count.
/// </summary>
public static class EvaluationDetails
{
    private sealed record Item(string Key, string Dimension, int Start, int End, string Quote);

    public static string Render(ClaimExtractor extractor, IEnumerable<GoldArticle> articles)
    {
        var sb = new StringBuilder();
        foreach (var article in articles)
        {
            var predicted = extractor.Extract(article.Text, article.Published)
                .SelectMany(c => c.Effects.Select(e => new Item(Key(c.Subject, e.Power, e.Direction), e.Dimension, c.Evidence.Start, c.Evidence.End, c.Evidence.Quote)))
                .ToList();
            var gold = article.Claims
                .SelectMany(c => c.Effects.Select(e => new Item(Key(c.Subject, e.Power, e.Direction), e.Dimension,
                    c.Evidence?.Start ?? -1, c.Evidence?.End ?? -1, c.Evidence?.Quote ?? c.Statement)))
                .ToList();
            var (extra, missed) = Unpaired(predicted, gold);
            sb.AppendLine(CultureInfo.InvariantCulture, $"== {article.Name}: {extra.Count} false positive(s), {missed.Count} miss(es)");
            foreach (var i in extra) sb.AppendLine(CultureInfo.InvariantCulture, $"  + {i.Key} {i.Dimension}: {Shorten(i.Quote)}");
            foreach (var i in missed) sb.AppendLine(CultureInfo.InvariantCulture, $"  - {i.Key} {i.Dimension}: {Shorten(i.Quote)}");
        }
        return sb.ToString();
    }

    private static (List<Item> Extra, List<Item> Missed) Unpaired(List<Item> predicted, List<Item> gold)
    {
        var extra = new List<Item>();
        var missed = new List<Item>();
        foreach (var key in predicted.Select(p => p.Key).Union(gold.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var p = predicted.Where(x => x.Key == key).ToList();
            var g = gold.Where(x => x.Key == key).ToList();
            // Pair overlapping spans first, then whatever is left in order.
            foreach (var pi in p.ToList())
                if (g.FirstOrDefault(gi => gi.Start < pi.End && pi.Start < gi.End) is { } gm) { p.Remove(pi); g.Remove(gm); }
            var spare = Math.Min(p.Count, g.Count);
            extra.AddRange(p.Skip(spare));
            missed.AddRange(g.Skip(spare));
        }
        return (extra, missed);
    }

    private static string Key(string subject, string power, string direction) => $"{subject}|{power}|{direction}";

    private static string Shorten(string quote) => quote.Length <= 160 ? quote : quote[..157] + "...";
}

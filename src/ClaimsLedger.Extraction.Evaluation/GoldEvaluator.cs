namespace ClaimsLedger.Extraction.Evaluation;

/// <summary>Precision, recall and F1 from matched, predicted and expected counts (0 when undefined).</summary>
public sealed record Score(int Matched, int Predicted, int Expected)
{
    public double Precision => Predicted == 0 ? 0 : (double)Matched / Predicted;
    public double Recall => Expected == 0 ? 0 : (double)Matched / Expected;
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    public static Score operator +(Score a, Score b) => new(a.Matched + b.Matched, a.Predicted + b.Predicted, a.Expected + b.Expected);
}

public sealed record ArticleResult(string Article, Score Direction, Score WithDimension, int Candidates, int ExactEvidence)
{
    public double EvidenceExactness => Candidates == 0 ? 1 : (double)ExactEvidence / Candidates;
}

public sealed record Evaluation(IReadOnlyList<ArticleResult> Articles, ArticleResult Overall);

/// <summary>
/// Scores an extractor against the gold set. Matching, per article: every effect of every claim becomes a tuple
/// (subject, power, direction) — and, separately, (subject, power, direction, dimension); predicted and gold tuples
/// are matched as multisets (a tuple the gold holds twice must be predicted twice to match twice). Matched = the
/// multiset intersection; precision = matched / predicted tuples, recall = matched / gold tuples. Overall figures are
/// micro-averaged: the counts are summed over articles before dividing. Evidence exactness is the share of
/// candidates whose quote equals the article text at [start, end).
/// </summary>
public static class GoldEvaluator
{
    public static Evaluation Evaluate(ClaimExtractor extractor, IEnumerable<GoldArticle> articles)
    {
        var results = articles.Select(a => Evaluate(a, extractor.Extract(a.Text, a.Published))).ToList();
        var overall = results.Aggregate(
            new ArticleResult("overall", new Score(0, 0, 0), new Score(0, 0, 0), 0, 0),
            (sum, r) => new ArticleResult("overall", sum.Direction + r.Direction, sum.WithDimension + r.WithDimension,
                sum.Candidates + r.Candidates, sum.ExactEvidence + r.ExactEvidence));
        return new Evaluation(results, overall);
    }

    public static ArticleResult Evaluate(GoldArticle article, IReadOnlyList<CandidateClaim> predicted)
    {
        var gold = article.Claims.SelectMany(c => c.Effects.Select(e => (c.Subject, e.Power, e.Direction, e.Dimension))).ToList();
        var found = predicted.SelectMany(c => c.Effects.Select(e => (c.Subject, e.Power, e.Direction, e.Dimension))).ToList();
        var exact = predicted.Count(c => IsExact(article.Text, c.Evidence));
        return new ArticleResult(article.Name,
            Match(found.Select(t => $"{t.Subject}|{t.Power}|{t.Direction}"), gold.Select(t => $"{t.Subject}|{t.Power}|{t.Direction}")),
            Match(found.Select(t => $"{t.Subject}|{t.Power}|{t.Direction}|{t.Dimension}"), gold.Select(t => $"{t.Subject}|{t.Power}|{t.Direction}|{t.Dimension}")),
            predicted.Count, exact);
    }

    public static bool IsExact(string text, CandidateEvidence e) =>
        e.Start >= 0 && e.End <= text.Length && e.Start <= e.End && string.Equals(text[e.Start..e.End], e.Quote, StringComparison.Ordinal);

    private static Score Match(IEnumerable<string> predicted, IEnumerable<string> expected)
    {
        var p = predicted.ToList();
        var remaining = expected.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var matched = 0;
        foreach (var t in p)
            if (remaining.TryGetValue(t, out var n) && n > 0) { remaining[t] = n - 1; matched++; }
        return new Score(matched, p.Count, remaining.Values.Sum() + matched);
    }
}

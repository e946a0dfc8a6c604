using ClaimsLedger.Extraction.Evaluation;

namespace ClaimsLedger.Extraction.Tests;

public class SeedCorpusTests
{
    private static readonly string GoldFolder = Path.Combine(AppContext.BaseDirectory, "seeds", "gold");
    private static readonly IReadOnlyList<GoldArticle> Gold = GoldSet.Load(GoldFolder);

    // The issue's targets on the seed gold.
    private const double DirectionF1Floor = 0.75, DimensionF1Floor = 0.6;

    [Fact]
    public void The_gold_set_covers_every_seed_article() => Gold.Count.ShouldBe(5);

    [Fact]
    public void Every_quote_equals_the_text_at_its_span()
    {
        foreach (var article in Gold)
            foreach (var c in ClaimExtractor.Default.Extract(article.Text, article.Published))
                article.Text[c.Evidence.Start..c.Evidence.End].ShouldBe(c.Evidence.Quote);
    }

    [Fact]
    public void Extraction_is_deterministic()
    {
        foreach (var article in Gold)
        {
            var first = ClaimExtractor.Default.Extract(article.Text, article.Published);
            var second = ClaimExtractor.Default.Extract(article.Text, article.Published);
            second.Count.ShouldBe(first.Count);
            for (var i = 0; i < first.Count; i++)
            {
                second[i].ShouldBe(first[i] with { Effects = second[i].Effects });
                second[i].Effects.ShouldBe(first[i].Effects);
            }
        }
    }

    [Fact]
    public void Every_candidate_uses_the_ledger_vocabularies()
    {
        string[] dimensions = ["economic", "security", "diplomatic", "energy", "infrastructure", "cultural", "migration"];
        foreach (var article in Gold)
            foreach (var c in ClaimExtractor.Default.Extract(article.Text, article.Published))
            {
                c.Subject.ShouldMatch("^([A-Z]{2}|CENTRAL_ASIA|SOUTH_CAUCASUS)$");
                c.ValidTime.ShouldNotBeNull().ShouldMatch(@"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$");
                c.Effects.ShouldNotBeEmpty();
                c.Effects.ShouldAllBe(e => e.Power != c.Subject && dimensions.Contains(e.Dimension)
                                           && (e.Direction == "toward" || e.Direction == "away") && e.Strength >= 1 && e.Strength <= 3);
                c.Confidence.ShouldBeInRange(0.0, 1.0);
            }
    }

    [Fact]
    public void Gold_evaluation_meets_the_floor()
    {
        var evaluation = GoldEvaluator.Evaluate(ClaimExtractor.Default, Gold);
        evaluation.Overall.EvidenceExactness.ShouldBe(1.0);
        evaluation.Overall.Direction.F1.ShouldBeGreaterThanOrEqualTo(DirectionF1Floor);
        evaluation.Overall.WithDimension.F1.ShouldBeGreaterThanOrEqualTo(DimensionF1Floor);
    }
}

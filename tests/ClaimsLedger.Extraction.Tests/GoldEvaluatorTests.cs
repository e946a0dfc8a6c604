using ClaimsLedger.Extraction.Evaluation;

namespace ClaimsLedger.Extraction.Tests;

public class GoldEvaluatorTests
{
    private static CandidateClaim Claim(string subject, params CandidateEffect[] effects) =>
        new(subject, "s", effects, "2024", null, new CandidateEvidence(0, 3, "abc"), 0.8);

    [Fact]
    public void Matches_effect_tuples_as_multisets_with_and_without_dimension()
    {
        var gold = new GoldArticle("a", "abcdef", new DateOnly(2024, 1, 1),
        [
            new GoldClaim("KZ", "g", [new GoldEffect("CN", "economic", "toward", 2), new GoldEffect("RU", "economic", "away", 1)], "2024"),
            new GoldClaim("KZ", "g", [new GoldEffect("CN", "economic", "toward", 2)], "2024"),
        ]);
        var result = GoldEvaluator.Evaluate(gold,
        [
            Claim("KZ", new CandidateEffect("CN", "diplomatic", "toward", 2), new CandidateEffect("RU", "economic", "away", 1)),
            Claim("KZ", new CandidateEffect("CN", "economic", "toward", 2)),
            Claim("KZ", new CandidateEffect("CN", "economic", "toward", 2)),   // a third CN toward: gold has two
        ]);
        result.Direction.ShouldBe(new Score(3, 4, 3));
        result.WithDimension.ShouldBe(new Score(3, 4, 3));   // the diplomatic CN misses; the spare economic CN takes its place
        result.Direction.F1.ShouldBe(2 * 0.75 * 1.0 / 1.75, 1e-9);
        result.EvidenceExactness.ShouldBe(1.0);
    }

    [Fact]
    public void A_quote_that_differs_from_the_text_is_not_exact() =>
        GoldEvaluator.IsExact("abcdef", new CandidateEvidence(0, 3, "abd")).ShouldBeFalse();

    [Fact]
    public void Details_list_what_matched_nothing_pairing_overlapping_evidence_first()
    {
        const string text = "Kazakhstan signed a gas deal with China. Russia's influence waned. Kazakhstan signed a loan with China.";
        var gold = new GoldArticle("a", text, new DateOnly(2024, 1, 1),
        [
            new GoldClaim("KZ", "g", [new GoldEffect("CN", "energy", "toward", 2)], "2024", new GoldEvidence(0, 39, text[..39])),
            new GoldClaim("KZ", "g", [new GoldEffect("RU", "diplomatic", "away", 2)], "2024", new GoldEvidence(41, 66, text[41..66])),
        ]);
        var details = EvaluationDetails.Render(ClaimExtractor.Default, [gold]);
        // Both KZ|CN|toward sentences are predicted; the one overlapping the gold span is paired, the loan is spare.
        details.ShouldContain("+ KZ|CN|toward economic: Kazakhstan signed a loan with China.");
        details.ShouldNotContain("+ KZ|CN|toward energy");
        // "Russia's influence waned" names no subject of its own, so the gold RU effect is a miss.
        details.ShouldContain("- KZ|RU|away diplomatic: Russia's influence waned.");
    }
}

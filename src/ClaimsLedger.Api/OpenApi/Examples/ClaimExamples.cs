using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string Quote = "Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time";

    private const string Statement = "China overtook Russia as Kazakhstan's top trade partner in 2023.";

    private const double Confidence = 0.8;

    private static readonly Effect[] Effects = [new("CN", Dimension.Economic, Direction.Toward, 3), new("RU", Dimension.Economic, Direction.Away, 2)];

    /// <summary>The claim's id as the ledger derives it from the example request, so every example names the same claim.</summary>
    private static string ClaimId => ClaimIdentity.For("KZ", Effects, Statement, "2023");

    /// <summary>The ledger positions and record times of the story the examples tell: recorded, corroborated by a second source, accepted on review.</summary>
    private const long RecordedSequence = 4211, CorroboratedSequence = 4388, ReviewedSequence = 4402;

    private static readonly DateTimeOffset RecordedAt = new(2024, 1, 22, 9, 20, 0, TimeSpan.Zero), CorroboratedAt = new(2024, 2, 5, 14, 2, 0, TimeSpan.Zero),
        ReviewedAt = new(2024, 2, 6, 10, 0, 0, TimeSpan.Zero);

    private const string ReviewReason = "Both figures match the statistics bureau's annual release.";

    private static EvidenceInput Evidence =>
        new(SourceId, SourceText.IndexOf(Quote, StringComparison.Ordinal), SourceText.IndexOf(Quote, StringComparison.Ordinal) + Quote.Length, Quote);

    private static EvidenceInput SecondEvidence => new(SecondSourceId, SecondQuoteStart, SecondQuoteStart + SecondQuote.Length, SecondQuote);

    private static ClaimEvidence[] ClaimSources =>
    [
        new(SourceId, "extracted", Evidence.Start!.Value, Evidence.End!.Value, Quote, "example wire", "ada", RecordedAt),
        new(SecondSourceId, "corroborated", SecondQuoteStart, SecondQuoteStart + SecondQuote.Length, SecondQuote, "example daily", "ben", CorroboratedAt),
    ];

    /// <summary>What each effect contributes once two independent sources (the better graded B) support the claim.</summary>
    private static decimal Contribution(Effect effect, int independentSources = 2) =>
        Scoring.Contribution(effect, Confidence, Scoring.ReliabilityWeight(ReliabilityGrade.B), independentSources, contesters: 0);

    private static ClaimDetails Claim => new()
    {
        Id = ClaimId, Subject = "KZ", Statement = Statement, Effects = [.. Effects], ValidTime = "2023", Quantity = new Quantity(41m, "USD billion"),
        Status = ClaimStatus.Accepted, Confidence = Confidence, Origin = "analyst:ada", Sources = [.. ClaimSources], IndependentSourceCount = 2,
        LastReview = new ClaimReview(ReviewDecision.Accepted, "cho", ReviewReason, ReviewedAt),
        Reviews = [new ClaimReview(ReviewDecision.Accepted, "cho", ReviewReason, ReviewedAt)],
        RecordedBy = "ada", RecordedAt = RecordedAt, UpdatedAt = ReviewedAt, Version = 3,
        Powers = ["CN", "RU"], Dimensions = [Dimension.Economic], SourceIds = [SourceId, SecondSourceId],
    };

    private static IEnumerable<(Type Type, Func<object> Example)> ClaimExamples() =>
    [
        Example(() => new RecordClaimRequest(
            "KZ", Statement,
            [new EffectInput("CN", "economic", "toward", 3), new EffectInput("RU", "economic", "away", 2)],
            "2023", new QuantityInput(41m, "USD billion"), Evidence, Confidence)),
        Example(() => new RecordClaimResult(ClaimId, 1, "created", RecordedSequence)),
        Example(() => Claim),
        Example(() => new Paged<ClaimDetails>([Claim], 1, 50, 1)),
        Example(() => new CorroborateClaimRequest(SecondEvidence, 1)),
        Example(() => new ReviewClaimRequest("accepted", ReviewReason, 2)),
        Example(() => new ContestClaimRequest(null, "The bureau's 2023 figure counts re-exports; trade with Russia may still be larger.", 3)),
        Example(() => new ReviseClaimConfidenceRequest(0.9, "The bureau's final figures confirm the estimate.", 3)),
        Example(() => new RetractClaimRequest("The bureau revised its 2023 figures: Russia remained the larger partner.", 3)),
        Example(() => new List<ClaimEventEntry>
        {
            new(RecordedSequence, 1, "claim_extracted", RecordedAt, "ada", null, "kz-trade-2024-01-22", null,
                new ClaimExtracted(ClaimId, "KZ", Statement, Effects, "2023", new Quantity(41m, "USD billion"),
                    new Claims.Evidence(SourceId, Evidence.Start!.Value, Evidence.End!.Value, Quote, "example wire"), Confidence, "analyst:ada",
                    ClaimStatus.Recorded, "ada")),
            new(CorroboratedSequence, 2, "claim_corroborated", CorroboratedAt, "ben", null, "kz-trade-2024-02-05", null,
                new ClaimCorroborated(ClaimId, new Claims.Evidence(SecondSourceId, SecondQuoteStart, SecondQuoteStart + SecondQuote.Length, SecondQuote, "example daily"), "ben")),
            new(ReviewedSequence, 3, "claim_reviewed", ReviewedAt, "cho", ReviewReason, "kz-trade-2024-02-06", null,
                new ClaimReviewed(ClaimId, ReviewDecision.Accepted, "cho", ReviewReason)),
        }),
    ];
}

using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string Quote = "Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time";

    private static EvidenceInput Evidence =>
        new(SourceId, SourceText.IndexOf(Quote, StringComparison.Ordinal), SourceText.IndexOf(Quote, StringComparison.Ordinal) + Quote.Length, Quote);

    private static IEnumerable<(Type Type, Func<object> Example)> ClaimExamples() =>
    [
        Example(() => new RecordClaimRequest(
            "KZ", "China overtook Russia as Kazakhstan's top trade partner in 2023.",
            [new EffectInput("CN", "economic", "toward", 3), new EffectInput("RU", "economic", "away", 2)],
            "2023", new QuantityInput(41m, "USD bn"), Evidence, 0.8)),
    ];
}

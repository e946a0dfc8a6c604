using ClaimsLedger.Api.Extraction;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private static IEnumerable<(Type Type, Func<object> Example)> ExtractionExamples() =>
    [
        Example(() => new PreviewExtraction(SecondSourceText, "2024-02-05", "en")),
        // What the extractor really proposes for the second example article, so the example shows the rules as they are.
        Example(() => new ExtractionPreview(ClaimExtractor.Default.Info, ClaimExtractor.Default.Extract(SecondSourceText, new DateOnly(2024, 2, 5)))),
    ];
}

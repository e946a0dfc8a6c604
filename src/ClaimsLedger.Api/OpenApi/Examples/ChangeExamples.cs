using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Changes;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>The example claim's extraction as the change feed lists it (and a webhook sends it).</summary>
    private static ChangeEntry ClaimExtractedChange => new(4812, "clm-kz-trade-2024", "claim_extracted", new(2024, 1, 22, 9, 30, 0, TimeSpan.Zero),
        "analyst@example.org", null, "kz-trade-2024-01-22",
        new Dictionary<string, object?> { ["claimId"] = "clm-kz-trade-2024", ["subject"] = "KZ", ["sourceId"] = SourceId, ["confidence"] = 0.8m });

    private static AlignmentChangeEntry KazakhAlignmentChange => new("4812:KZ", 4812, "KZ", new(2024, 1, 22, 9, 30, 0, TimeSpan.Zero), "claim_extracted",
        "clm-kz-trade-2024", SourceId, "analyst@example.org", null, "kz-trade-2024-01-22",
        [new ScoreChange("CN", "overall", 0m, 1.9m), new ScoreChange("CN", "economic", 0m, 1.9m), new ScoreChange("RU", "overall", 0m, -1.27m),
            new ScoreChange("RU", "economic", 0m, -1.27m)]);

    private static IEnumerable<(Type Type, Func<object> Example)> ChangeExamples() =>
    [
        Example(() => new ChangePage(
        [
            new(4811, SourceId, "source_registered", new(2024, 1, 22, 9, 29, 0, TimeSpan.Zero), "analyst@example.org", null, "kz-trade-2024-01-22",
                new Dictionary<string, object?> { ["sourceId"] = SourceId, ["carrier"] = "Example Wire", ["published"] = "2024-01-20" }),
            ClaimExtractedChange,
        ], 4812, 4815)),
        Example(() => new AlignmentChangePage([KazakhAlignmentChange], "4812:KZ", 4815)),
    ];
}

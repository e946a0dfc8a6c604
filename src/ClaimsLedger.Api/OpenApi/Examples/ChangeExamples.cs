using ClaimsLedger.Api.Changes;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>The example claim's extraction as the change feed lists it (and a webhook sends it).</summary>
    private static ChangeEntry ClaimExtractedChange => new(RecordedSequence, ClaimId, "claim_extracted", RecordedAt, "ada", null, "kz-trade-2024-01-22",
        new Dictionary<string, object?> { ["claimId"] = ClaimId, ["subject"] = "KZ", ["statement"] = Statement, ["sourceId"] = SourceId, ["confidence"] = Confidence });

    /// <summary>How the example claim moved Kazakhstan's alignment, as GET /api/alignments/changes lists it.</summary>
    private static AlignmentChangeEntry KazakhAlignmentChange => new($"{RecordedSequence}:KZ", RecordedSequence, "KZ", RecordedAt, "claim_extracted",
        ClaimId, null, "ada", null, "kz-trade-2024-01-22", Changes(false));

    private static IEnumerable<(Type Type, Func<object> Example)> ChangeExamples() =>
    [
        Example(() => new ChangePage(
        [
            new(RecordedSequence - 1, SourceId, "source_registered", RecordedAt.AddMinutes(-1), "ada", null, "kz-trade-2024-01-22",
                new Dictionary<string, object?> { ["sourceId"] = SourceId, ["carrier"] = "Example Wire", ["published"] = "2024-01-20" }),
            ClaimExtractedChange,
        ], RecordedSequence, RecordedSequence + 3)),
        Example(() => new AlignmentChangePage([KazakhAlignmentChange], $"{RecordedSequence}:KZ", RecordedSequence + 3)),
    ];
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>
    /// The example claim's PROV-O export, written by the exporter itself from a claim recorded by one analyst and accepted by
    /// another, so the example cannot drift from what the endpoint serves.
    /// </summary>
    private static IEnumerable<(Type Type, Func<object> Example)> ProvenanceExamples() =>
    [
        (typeof(ClaimProvenance), () => ClaimProvDocument.Build(ProvenanceClaim(), new Dictionary<string, ProvSource>
        {
            [SourceId] = new(SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, "2024-01-20",
                "https://news.example.org/2024/01/20/kz-trade", null),
        }, "https://ledger.example.org")),
    ];

    private static ClaimDetails ProvenanceClaim()
    {
        var (recorded, reviewed) = (new DateTimeOffset(2024, 1, 21, 8, 30, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 22, 10, 0, 0, TimeSpan.Zero));
        var start = SourceText.IndexOf(Quote, StringComparison.Ordinal);
        var review = new ClaimReview(ReviewDecision.Accepted, "bo@example.org", "Figures match the bureau's release.", reviewed);
        return new ClaimDetails
        {
            Id = ClaimId, Subject = "KZ", Statement = "China overtook Russia as Kazakhstan's top trade partner in 2023.",
            Effects = [new Effect("CN", Dimension.Economic, Direction.Toward, 3)], ValidTime = "2023", Status = ClaimStatus.Accepted,
            Confidence = 0.8, Origin = "analyst:ana@example.org", RecordedBy = "ana@example.org", RecordedAt = recorded, UpdatedAt = reviewed,
            Sources = [new ClaimEvidence(SourceId, "extracted", start, start + Quote.Length, Quote, "example wire", "ana@example.org", recorded)],
            LastReview = review, Reviews = [review], Version = 2,
            Revisions =
            [
                new ClaimRevision(recorded, ClaimStatus.Recorded, 0.8, null, null) { EventType = "claim_extracted", Actor = "ana@example.org" },
                new ClaimRevision(reviewed, ClaimStatus.Accepted, 0.8, review, null)
                    { EventType = "claim_reviewed", Actor = "bo@example.org", Reason = review.Reason },
            ],
        };
    }
}

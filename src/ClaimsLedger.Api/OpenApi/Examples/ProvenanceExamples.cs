using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Provenance;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>
    /// The example claim's PROV-O export, written by the exporter itself from the examples' story (recorded by ada, corroborated
    /// by ben, accepted by cho), so the example cannot drift from what the endpoint serves.
    /// </summary>
    private static IEnumerable<(Type Type, Func<object> Example)> ProvenanceExamples() =>
    [
        (typeof(ClaimProvenance), () => ClaimProvDocument.Build(ProvenanceClaim(),
            new[] { Source, SecondSource }.ToDictionary(s => s.Id, s => new ProvSource(s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Published, s.Url, s.CopyOf)),
            "https://ledger.example.org")),
    ];

    /// <summary>The example claim with what only the exporter reads: every review and one revision per event.</summary>
    private static ClaimDetails ProvenanceClaim()
    {
        var claim = Claim;
        var review = claim.LastReview!;
        claim.Revisions =
        [
            new ClaimRevision(RecordedAt, ClaimStatus.Recorded, Confidence, null, null) { EventType = "claim_extracted", Actor = "ada" },
            new ClaimRevision(CorroboratedAt, ClaimStatus.Recorded, Confidence, null, null) { EventType = "claim_corroborated", Actor = "ben" },
            new ClaimRevision(ReviewedAt, ClaimStatus.Accepted, Confidence, review, null) { EventType = "claim_reviewed", Actor = "cho", Reason = review.Reason },
        ];
        return claim;
    }
}

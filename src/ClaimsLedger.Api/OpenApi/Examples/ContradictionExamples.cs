using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private const string ContradictionId = "ctr-5b1f0c7e2a9d4e6f8a3b1c2d";
    private const string OpposingClaimId = "clm-kz-trade-2024-russia-first";

    private static readonly DateTimeOffset ContradictionFound = new(2024, 2, 3, 9, 15, 0, TimeSpan.Zero);

    private static ContradictionView Contradiction => new(
        ContradictionId, "KZ", Active: true, Resolved: true,
        new ContradictionResolution(ClaimId, "ana@example.org", "The statistics bureau's figures outweigh the outlet's estimate.",
            ContradictionFound.AddHours(2)),
        [new ContradictionConflict("RU", Dimension.Economic, Direction.Away, Direction.Toward)],
        [
            new ContradictingClaim(ClaimId, "China overtook Russia as Kazakhstan's top trade partner in 2023.", ClaimStatus.Recorded, "2023", 0.8,
                [new Effect("CN", Dimension.Economic, Direction.Toward, 3), new Effect("RU", Dimension.Economic, Direction.Away, 2)],
                [new ContradictingSource(SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, "example wire",
                    ReliabilityGrade.B, false, null)]),
            new ContradictingClaim(OpposingClaimId, "Russia remained Kazakhstan's largest trading partner in 2023.", ClaimStatus.Recorded, "2023", 0.6,
                [new Effect("RU", Dimension.Economic, Direction.Toward, 2)],
                [new ContradictingSource("example-daily-2024-02-kz-trade", "Russia still Kazakhstan's first partner", "Example Daily", null,
                    "example daily", ReliabilityGrade.D, false, null)]),
        ],
        ContradictionFound, ContradictionFound.AddHours(2), 1);

    private static IEnumerable<(Type Type, Func<object> Example)> ContradictionExamples() =>
    [
        Example(() => Contradiction),
        Example(() => new Paged<ContradictionView>([Contradiction], 1, 50, 1)),
        Example(() => new ResolveContradictionRequest(ClaimId, "The statistics bureau's figures outweigh the outlet's estimate.", 0)),
        Example(() => new ContradictionResolutionResult(ContradictionId, ClaimId, 1, "resolved", 142)),
    ];
}

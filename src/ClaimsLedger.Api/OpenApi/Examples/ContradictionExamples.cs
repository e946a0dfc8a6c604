using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>A later claim from a third outlet that Russia stayed first: it contradicts the example claim on (RU, economic).</summary>
    private const string OpposingStatement = "Russia remained Kazakhstan's largest trading partner in 2023.";

    private static readonly Effect[] OpposingEffects = [new("RU", Dimension.Economic, Direction.Toward, 2)];

    private static string OpposingClaimId => ClaimIdentity.For("KZ", OpposingEffects, OpposingStatement, "2023");

    private static readonly DateTimeOffset ContradictionFound = new(2024, 2, 9, 8, 30, 0, TimeSpan.Zero), ContradictionResolvedAt = new(2024, 2, 9, 11, 0, 0, TimeSpan.Zero);

    private const string ResolutionReason = "The statistics bureau's release outweighs the outlet's estimate.";

    private static ContradictionView ExampleContradiction
    {
        get
        {
            var (first, second) = ContradictionIds.Ordered(ClaimId, OpposingClaimId);
            var claims = new Dictionary<string, ContradictingClaim>
            {
                [ClaimId] = new(ClaimId, Statement, ClaimStatus.Accepted, "2023", Confidence, Effects,
                [
                    new(SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, "example wire", ReliabilityGrade.B, false, null),
                    new(SecondSourceId, "China becomes Kazakhstan's biggest trading partner", "Example Daily", null, "example daily", ReliabilityGrade.C, false, null),
                ]),
                [OpposingClaimId] = new(OpposingClaimId, OpposingStatement, ClaimStatus.Recorded, "2023", 0.6, OpposingEffects,
                [
                    new("example-weekly-2024-02-08-kz-trade", "Russia still Kazakhstan's first partner", "Example Weekly", null, "example weekly",
                        ReliabilityGrade.D, false, null),
                ]),
            };
            var ours = Effects.Single(e => e.Power == "RU").Direction;
            var conflict = first == ClaimId
                ? new ContradictionConflict("RU", Dimension.Economic, ours, Direction.Toward)
                : new ContradictionConflict("RU", Dimension.Economic, Direction.Toward, ours);
            return new ContradictionView(ContradictionIds.For(ClaimId, OpposingClaimId), "KZ", Active: true, Resolved: true,
                new ContradictionResolution(ClaimId, "cho", ResolutionReason, ContradictionResolvedAt), [conflict], [claims[first], claims[second]],
                ContradictionFound, ContradictionResolvedAt, 1);
        }
    }

    private static IEnumerable<(Type Type, Func<object> Example)> ContradictionExamples() =>
    [
        Example(() => ExampleContradiction),
        Example(() => new Paged<ContradictionView>([ExampleContradiction], 1, 50, 1)),
        Example(() => new ResolveContradictionRequest(ClaimId, ResolutionReason, 0)),
        Example(() => new ContradictionResolutionResult(ContradictionIds.For(ClaimId, OpposingClaimId), ClaimId, 1, "resolved", 4460)),
    ];
}

using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private static IEnumerable<(Type Type, Func<object> Example)> LifecycleExamples() =>
    [
        Example(() => new RecodeClaimRequest(null, [new EffectInput("CN", "economic", "toward", 3)], null,
            "Russia is named only for comparison: the claim is about trade with China.", 3)),
        Example(() => new SupersedeClaimRequest("clm-kz-trade-2024-final",
            "The statistics bureau's final figures for 2023 replace its preliminary ones.", 3)),
        Example(() => new MergeClaimsRequest("clm-kz-trade-2024-wire-copy",
            "The same statement was recorded twice, from the wire and from a paper that reprinted it.", 3)),
    ];
}

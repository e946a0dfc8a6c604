using ClaimsLedger.Api.Admin;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private static IEnumerable<(Type Type, Func<object> Example)> AdminExamples() =>
    [
        Example(() => new RebuildProjections(["ClaimDetails", AlignmentProjectionName])),
        Example(() => new RebuildStatus("5f0c2a7e9b1d4c3a8e6f7a9b0c1d2e3f", RebuildStatus.Running, ["ClaimDetails", AlignmentProjectionName],
            5210, 2 * ReviewedSequence, 2605.0, new(2024, 3, 1, 2, 0, 0, TimeSpan.Zero), null, null, "ops-admin")),
    ];

    private const string AlignmentProjectionName = Alignment.AlignmentProjection.Name;
}

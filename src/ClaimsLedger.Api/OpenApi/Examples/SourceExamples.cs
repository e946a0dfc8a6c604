using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>The source every example cites; registering the RegisterSource example makes the RecordClaim example valid.</summary>
    public const string SourceId = "example-wire-2024-01-20-kz-trade";

    public const string SourceText =
        "ASTANA, 20 January 2024. Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time, " +
        "the national statistics bureau said on Friday. Trade with Russia fell to $26bn.";

    private static IEnumerable<(Type Type, Func<object> Example)> SourceExamples() =>
    [
        Example(() => new RegisterSourceRequest(
            SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, false, "A. Reporter", "2024-01-20", false,
            "https://news.example.org/2024/01/20/kz-trade", "en", "B", "Established wire service; figures from the national statistics bureau.",
            SourceText)),
    ];
}

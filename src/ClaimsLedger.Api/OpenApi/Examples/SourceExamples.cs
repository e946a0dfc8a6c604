using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>The source every example cites; registering the RegisterSource example makes the RecordClaim example valid.</summary>
    public const string SourceId = "example-wire-2024-01-20-kz-trade";

    public const string SourceText =
        "ASTANA, 20 January 2024. Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time, " +
        "the national statistics bureau said on Friday. Trade with Russia fell to $26bn.";

    /// <summary>A second, independent source that corroborates the claim.</summary>
    private const string SecondSourceId = "example-daily-2024-02-05-kz-china-trade";

    private const string SecondSourceText =
        "ALMATY, 5 February 2024. China has become Kazakhstan's largest trading partner, with trade worth $41bn last year, customs data show.";

    private const string SecondQuote = "China has become Kazakhstan's largest trading partner, with trade worth $41bn last year";

    private static int SecondQuoteStart => SecondSourceText.IndexOf(SecondQuote, StringComparison.Ordinal);

    private static readonly DateTimeOffset RegisteredAt = new(2024, 1, 22, 9, 15, 0, TimeSpan.Zero);

    /// <summary>The source's identity as the ledger computes it at registration.</summary>
    private static string Sha256Of(string text) => new RegisterSource(null, "", "", null, false, null, null, false, null, null, null, null, text).Sha256;

    private static SourceView Source => new(
        SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, false, "A. Reporter", "2024-01-20", DatePrecision.Day,
        false, "https://news.example.org/2024/01/20/kz-trade", "en", ReliabilityGrade.B,
        "Established wire service; figures from the national statistics bureau.", false, Sha256Of(SourceText), SourceText.Length, "ada", RegisteredAt, 2, null);

    private static SourceView SecondSource => new(
        SecondSourceId, "China becomes Kazakhstan's biggest trading partner", "Example Daily", null, false, null, "2024-02-05", DatePrecision.Day,
        false, "https://daily.example.com/business/kz-china-trade", "en", ReliabilityGrade.C, "Regional daily; cites the bureau without a link.",
        false, Sha256Of(SecondSourceText), SecondSourceText.Length, "ben", new(2024, 2, 5, 13, 58, 0, TimeSpan.Zero), 2, null);

    private static IEnumerable<(Type Type, Func<object> Example)> SourceExamples() =>
    [
        Example(() => new RegisterSourceRequest(
            SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, false, "A. Reporter", "2024-01-20", false,
            "https://news.example.org/2024/01/20/kz-trade", "en", "B", "Established wire service; figures from the national statistics bureau.",
            SourceText)),
        Example(() => Source with { Text = SourceText }),
        Example(() => new Paged<SourceView>([SecondSource, Source], 1, 50, 2)),
        Example(() => new GradeSourceReliabilityRequest("A", "Figures confirmed against the statistics bureau's own release.", 2)),
        Example(() => new RetractSourceRequest("The wire withdrew the story: the figures were the bureau's preliminary estimate.", 2)),
        Example(() => new SourceProvenance(SourceId,
        [
            new(ClaimId, "extracted", Evidence.Start!.Value, Evidence.End!.Value, Quote, "ada", RecordedAt, "KZ", Statement, Claims.ClaimStatus.Accepted),
        ])),
    ];
}

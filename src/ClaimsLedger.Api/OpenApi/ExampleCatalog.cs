using Microsoft.AspNetCore.WebUtilities;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The example shown for each wire type in the OpenAPI document: realistic values a reader can follow from one
/// operation to the next (the Kazakhstan trade claim recorded, corroborated, then read back).
/// </summary>
public static partial class ExampleCatalog
{
    private static readonly Dictionary<Type, Func<object>> Examples = new()
    {
        [typeof(Sources.RegisterSourceRequest)] = () => new Sources.RegisterSourceRequest(
            SourceId, "Kazakhstan's trade with China overtakes Russia", "Example Wire", null, false, "A. Reporter", "2024-01-20", false,
            "https://news.example.org/2024/01/20/kz-trade", "en", "B", "Established wire service; figures from the national statistics bureau.",
            SourceText),
        [typeof(Claims.RecordClaimRequest)] = () => new Claims.RecordClaimRequest(
            "KZ", "China overtook Russia as Kazakhstan's top trade partner in 2023.",
            [new Claims.EffectInput("CN", "economic", "toward", 3), new Claims.EffectInput("RU", "economic", "away", 2)],
            "2023", new Claims.QuantityInput(41m, "USD bn"), Evidence, 0.8),
    };

    /// <summary>The source every example cites; registering the RegisterSource example makes the RecordClaim example valid.</summary>
    public const string SourceId = "example-wire-2024-01-20-kz-trade";

    public const string SourceText =
        "ASTANA, 20 January 2024. Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time, " +
        "the national statistics bureau said on Friday. Trade with Russia fell to $26bn.";

    private const string Quote = "Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time";

    private static Claims.EvidenceInput Evidence =>
        new(SourceId, SourceText.IndexOf(Quote, StringComparison.Ordinal), SourceText.IndexOf(Quote, StringComparison.Ordinal) + Quote.Length, Quote);

    public static object? For(Type? type) => type is not null && Examples.TryGetValue(type, out var example) ? example() : null;

    /// <summary>The problem shape with a status's usual cause, as ProblemShape writes it: a 4xx names its field in <c>errors</c>.</summary>
    public static object Problem(int status)
    {
        var (field, message) = status switch
        {
            400 => ("effects[0].strength", "must be between 1 and 5."),
            401 => ("X-Api-Key", "is not a valid API key."),
            403 => ("X-Api-Key", "the key's role (reader) does not allow this; it needs analyst."),
            404 => ("id", "Claim 'clm-kz-trade-2024' was not found."),
            409 => ("expectedVersion", "the claim is at version 4, not 3; read it again and retry."),
            413 => ("text", "must be at most 2000000 characters."),
            415 => ("body", "must be JSON (Content-Type: application/json)."),
            422 => ("evidence.quote", "does not match the source text at [112, 171)."),
            429 => ("body", "too many requests; retry after 1 second."),
            _ => ("", "The ledger's database is unavailable; retry shortly."),
        };
        var problem = new Dictionary<string, object>
        {
            ["type"] = Http.ProblemShape.TypeOf(status),
            ["title"] = ReasonPhrases.GetReasonPhrase(status),
            ["status"] = status,
            ["detail"] = status < 500 ? $"{field}: {message}" : message,
            ["instance"] = "/api/claims",
        };
        if (status < 500) problem["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return problem;
    }
}

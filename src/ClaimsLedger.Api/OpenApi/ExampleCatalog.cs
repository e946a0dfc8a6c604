using Microsoft.AspNetCore.WebUtilities;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The example shown for each wire type in the OpenAPI document: realistic values a reader can follow from one
/// operation to the next (the Kazakhstan trade claim recorded, corroborated by a second source, then read back, scored and reported).
/// </summary>
public static partial class ExampleCatalog
{
    /// <summary>Every feature's examples (one file each in Examples/), by the wire type they show.</summary>
    private static readonly Dictionary<Type, Func<object>> Examples = new[]
        {
            SourceExamples(), ClaimExamples(), ClaimBatchExamples(), AlignmentExamples(), ReportExamples(), ExtractionExamples(), AdminExamples(),
            LifecycleExamples(), ContradictionExamples(), ProvenanceExamples(),
            ChangeExamples(), SubscriptionExamples(), AuditExamples(),
        }
        .SelectMany(feature => feature).ToDictionary(e => e.Type, e => e.Example);

    private static (Type Type, Func<object> Example) Example<T>(Func<T> example) where T : notnull => (typeof(T), () => example());

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
            415 => ("Content-Type", "must be application/json (or another JSON media type, …+json)."),
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

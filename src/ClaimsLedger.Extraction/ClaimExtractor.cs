namespace ClaimsLedger.Extraction;

/// <summary>Turns a text and its publication date into candidate claims. Deterministic; thread-safe.</summary>
public sealed class ClaimExtractor
{
    public static ClaimExtractor Default { get; } = new();

    public ExtractorInfo Info { get; } = new("rules", "0.1.0");

    public IReadOnlyList<CandidateClaim> Extract(string text, DateOnly published) => [];
}

namespace ClaimsLedger.Extraction;

// The extractor's output, in the shape POST /api/claims takes. Pure data: no database, no network.

public sealed record ExtractorInfo(string Name, string Version);

public sealed record CandidateEffect(string Power, string Dimension, string Direction, int Strength);

public sealed record CandidateQuantity(decimal Value, string Unit);

/// <summary>[Start, End) in UTF-16 code units of the text given to the extractor; Quote equals the text there.</summary>
public sealed record CandidateEvidence(int Start, int End, string Quote);

public sealed record CandidateClaim(
    string Subject,
    string Statement,
    IReadOnlyList<CandidateEffect> Effects,
    string? ValidTime,
    CandidateQuantity? Quantity,
    CandidateEvidence Evidence,
    double Confidence);

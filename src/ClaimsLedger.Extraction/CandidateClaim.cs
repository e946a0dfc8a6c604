namespace ClaimsLedger.Extraction;

// The extractor's output, in the shape POST /api/claims takes. Pure data: no database, no network.

/// <summary>Which extractor proposed the claims: name it and its exact rules version, as a proposed claim's origin does.</summary>
/// <param name="Name">The extractor's name, e.g. <c>rules</c>.</param>
/// <param name="Version">The rules version and, as SemVer build metadata, a hash of the rules and vocabulary (<c>0.4.0+3f9a1c2b4d5e</c>): equal versions extract the same claims from the same text.</param>
public sealed record ExtractorInfo(string Name, string Version);

/// <summary>One way the candidate claim moves its subject relative to a power, as in POST /api/claims.</summary>
/// <param name="Power">The power: an ISO 3166-1 alpha-2 country code (upper case), EU or WEST.</param>
/// <param name="Dimension">The kind of tie: economic, security, diplomatic, energy, infrastructure, cultural or migration.</param>
/// <param name="Direction">toward (the subject moves closer to the power) or away.</param>
/// <param name="Strength">From 1 (slight) to 3 (decisive).</param>
public sealed record CandidateEffect(string Power, string Dimension, string Direction, int Strength);

/// <summary>A figure the sentence states, as in POST /api/claims.</summary>
/// <param name="Value">The number as written, scaled to the unit (41 for "$41bn" with unit "USD billion").</param>
/// <param name="Unit">The unit, with any scale word: <c>USD billion</c>, <c>%</c>, <c>t</c>.</param>
public sealed record CandidateQuantity(decimal Value, string Unit);

/// <summary>[Start, End) in UTF-16 code units of the text given to the extractor; Quote equals the text there.</summary>
/// <param name="Start">Offset of the quote's first character in the text, in UTF-16 code units from 0.</param>
/// <param name="End">Offset just past the quote's last character (exclusive), in UTF-16 code units.</param>
/// <param name="Quote">The sentence the claim was read from, exactly as it stands in the text at [start, end).</param>
public sealed record CandidateEvidence(int Start, int End, string Quote);

/// <summary>
/// A claim the extractor reads in one sentence, ready to send as the body of POST /api/claims once the evidence names the
/// registered source (the offsets already point into that text).
/// </summary>
/// <param name="Subject">The country the claim is about: an ISO 3166-1 alpha-2 code (upper case), or CENTRAL_ASIA or SOUTH_CAUCASUS.</param>
/// <param name="Statement">The claim in one sentence of the extractor's own wording (at most 1000 characters).</param>
/// <param name="Effects">How the claim moves the subject relative to each power it names: at least one, at most one per power and dimension.</param>
/// <param name="ValidTime">When the claim holds: a year, month, day or a range of them (<c>2023</c>, <c>2023-05</c>, <c>2022/2024</c>), resolved against the publication date; null when the sentence gives no time.</param>
/// <param name="Quantity">A figure the sentence states; null when it states none.</param>
/// <param name="Evidence">Where in the text the claim was read.</param>
/// <param name="Confidence">How sure the rules are, from 0.3 to 0.95 in steps of 0.01: 0.8 for a plain statement, 0.1 less per hedge ("may", "reportedly"; at most four), 0.05 more when it states a figure.</param>
public sealed record CandidateClaim(
    string Subject,
    string Statement,
    IReadOnlyList<CandidateEffect> Effects,
    string? ValidTime,
    CandidateQuantity? Quantity,
    CandidateEvidence Evidence,
    double Confidence);

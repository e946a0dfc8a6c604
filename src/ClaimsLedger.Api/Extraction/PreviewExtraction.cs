using ClaimsLedger.Api.Time;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.Extraction;

/// <summary>The body of POST /api/extraction/preview: a text to read claims from, recording nothing.</summary>
/// <param name="Text">The article's text; at most 200,000 characters. Evidence offsets in the answer count UTF-16 code units into it.</param>
/// <param name="Published">When the text was published: a year, month, day or instant (<c>2024-01-20</c>); relative times in the text ("last year") are resolved against it.</param>
/// <param name="Language">The text's language as a BCP 47 tag (at most 35 characters); informative only, the rules read English.</param>
public sealed record PreviewExtraction([property: Required] string? Text, [property: Required] string? Published, string? Language)
{
    /// <summary>About 30,000 words: far above a news article, small enough to answer quickly.</summary>
    public const int MaxTextLength = 200_000;
}

/// <summary>What the extractor reads in a text: candidate claims, none of them recorded.</summary>
/// <param name="Extractor">The extractor and rules version that read the text.</param>
/// <param name="Claims">The candidate claims in text order; empty when the rules find none.</param>
public sealed record ExtractionPreview(ExtractorInfo Extractor, IReadOnlyList<CandidateClaim> Claims);

public static class PreviewExtractionEndpoint
{
    /// <summary>Proposes the claims in a text without recording anything.</summary>
    [WolverinePost("/api/extraction/preview", OperationId = "PreviewExtraction")]
    [Tags("Extraction")]
    [ProducesResponseType<ExtractionPreview>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    public static IResult Post(PreviewExtraction? request)
    {
        if (request is null) return Problems.Invalid("body", "a JSON object with text and published is required.");
        var errors = new FieldErrors();
        var text = request.Text ?? "";
        if (string.IsNullOrWhiteSpace(text)) errors.Add("text", "is required.");
        else if (text.Length > PreviewExtraction.MaxTextLength) errors.TooLarge("text", $"must be at most {PreviewExtraction.MaxTextLength} characters.");
        var published = PartialDate.Read(request.Published, "published", errors);
        errors.Optional(request.Language, "language", 35);
        if (errors.Any || published is null) return errors.ToProblem();

        var extractor = ClaimExtractor.Default;
        return Results.Ok(new ExtractionPreview(extractor.Info, extractor.Extract(text, DateOnly.FromDateTime(published.Start.UtcDateTime))));
    }
}

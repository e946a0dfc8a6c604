using ClaimsLedger.Api.Time;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.Extraction;

public sealed record PreviewExtraction([property: Required] string? Text, [property: Required] string? Published, string? Language)
{
    /// <summary>About 30,000 words: far above a news article, small enough to answer quickly.</summary>
    public const int MaxTextLength = 200_000;
}

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

using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Evidence must be the source's own words: the quote equals the source text at [start, end), counted in
/// UTF-16 code units as C# strings index. The caller passes the source it already loaded, so a batch of
/// claims from one source checks against one copy of the text.
/// </summary>
public static class EvidenceCheck
{
    public static IResult? Verify(SourceDetails? source, EvidenceInput input, string at, out Evidence evidence)
    {
        evidence = null!;
        if (source is null) return Problems.NotFound($"{at}.sourceId", $"Source '{input.SourceId}'");
        if (source.Retracted)
            return Problems.Invalid($"{at}.sourceId", $"Source '{source.Id}' is retracted and can no longer serve as evidence.", StatusCodes.Status422UnprocessableEntity);
        int start = input.Start!.Value, end = input.End!.Value;
        if (end > source.Text.Length)
            return Problems.Invalid($"{at}.end", $"is beyond the end of the source text ({source.Text.Length} characters).", StatusCodes.Status422UnprocessableEntity);
        var actual = source.Text.AsSpan(start, end - start);
        if (!actual.SequenceEqual(input.Quote))
            return Problems.Invalid($"{at}.quote", $"does not equal the source text at [{start}, {end}), which reads: \"{Excerpt(actual)}\".", StatusCodes.Status422UnprocessableEntity);
        evidence = new Evidence(source.Id, start, end, input.Quote!, source.IndependenceKey);
        return null;
    }

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 200 ? text.ToString() : string.Concat(text[..200], "…");
}

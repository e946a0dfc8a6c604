using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Evidence must be the source's own words: the quote equals the source text at [start, end), counted in
/// UTF-16 code units as C# strings index. The caller passes the source it already loaded, so a batch of
/// claims from one source checks against one copy of the text.
/// </summary>
public static class EvidenceCheck
{
    public static Refusal? Verify(SourceDetails? source, EvidenceSpan span, out Evidence evidence, string at = "evidence")
    {
        evidence = null!;
        if (source is null) return Refusal.NotFound($"{at}.sourceId", $"Source '{span.SourceId}'");
        if (source.Retracted)
            return Refusal.Unprocessable($"{at}.sourceId", $"Source '{source.Id}' is retracted and can no longer serve as evidence.");
        if (source.CopyOf is not null && source.Text.Length == 0)
            throw new InvalidOperationException($"Source '{source.Id}' is a copy of '{source.CopyOf}' whose text was not read; load it with SourceDetails.LoadWithTextAsync.");
        if (span.End > source.Text.Length)
            return Refusal.Unprocessable($"{at}.end", $"is beyond the end of the source text ({source.Text.Length} characters).");
        var actual = source.Text.AsSpan(span.Start, span.End - span.Start);
        if (!actual.SequenceEqual(span.Quote))
            return Refusal.Unprocessable($"{at}.quote", $"does not equal the source text at [{span.Start}, {span.End}), which reads: \"{Excerpt(actual)}\".");
        evidence = new Evidence(source.Id, span.Start, span.End, span.Quote, source.IndependenceKey);
        return null;
    }

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length <= 200 ? text.ToString() : string.Concat(text[..200], "…");
}

using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// What to answer, by the request's Accept header (RFC 9110, 12.5.1): the one reading of it that every endpoint shares.
/// Media types compare case-insensitively and without their parameters (<c>text/csv; charset=utf-8</c> is text/csv);
/// each rendering an endpoint has is weighed by the most specific range that matches it (<c>text/csv</c> before
/// <c>text/*</c> before <c>*/*</c>), and the heaviest wins: on a tie the one whose range the client listed first, then the
/// endpoint's own order. <c>q=0</c> refuses a rendering.
/// <para>
/// A header that names none of the renderings (<c>text/plain</c>), or none at all, or one that does not parse, gets the
/// endpoint's first rendering (JSON): a generic client most likely wants that, and RFC 9110 allows disregarding Accept.
/// Only a header that refuses that first rendering too (<c>application/json;q=0</c>, <c>*/*;q=0</c>) while accepting no
/// other leaves nothing to answer: a 406 naming Accept (<see cref="NotAcceptable"/>).
/// </para>
/// </summary>
public static class ContentNegotiation
{
    public const string Json = "application/json";

    /// <summary>
    /// The rendering to answer, of <paramref name="offered"/> (the endpoint's default first), or null when the request
    /// accepts none of them. An endpoint with more than one rendering answers by Accept, so caches are told to key on it.
    /// </summary>
    public static string? Choose(HttpRequest request, IReadOnlyList<string> offered)
    {
        if (offered.Count > 1) request.HttpContext.Response.Headers.Vary = HeaderNames.Accept;
        if (Ranges(request) is not { } ranges) return offered[0];
        string? best = null;
        (double Quality, int At) heaviest = (0, int.MaxValue);
        foreach (var type in offered)
            if (Weigh(ranges, type) is { Quality: > 0 } weight
                && (weight.Quality > heaviest.Quality || weight.Quality == heaviest.Quality && weight.At < heaviest.At))
                (best, heaviest) = (type, weight);
        if (best is not null) return best;
        return Weigh(ranges, offered[0]) is null ? offered[0] : null;
    }

    /// <summary>How much the request accepts <paramref name="mediaType"/>: 0 when it refuses it, null when its Accept does not say (or is absent).</summary>
    public static double? QualityOf(HttpRequest request, string mediaType) => Ranges(request) is { } ranges ? Weigh(ranges, mediaType)?.Quality : null;

    public static IResult NotAcceptable(IReadOnlyList<string> offered) =>
        Problems.Invalid(HeaderNames.Accept, $"accepts none of what this resource is served as: {string.Join(", ", offered)}.",
            StatusCodes.Status406NotAcceptable);

    private static IList<MediaTypeHeaderValue>? Ranges(HttpRequest request) =>
        request.Headers.Accept.Count > 0 && MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var ranges) && ranges.Count > 0 ? ranges : null;

    /// <summary>The quality of the most specific range matching <paramref name="mediaType"/> and where the client listed it; null when none matches.</summary>
    private static (double Quality, int At)? Weigh(IList<MediaTypeHeaderValue> ranges, string mediaType)
    {
        var slash = mediaType.IndexOf('/');
        var (type, subtype) = (mediaType[..slash], mediaType[(slash + 1)..]);
        (double Quality, int At, int Specificity)? found = null;
        for (var i = 0; i < ranges.Count; i++)
        {
            var range = ranges[i];
            // By name, not ASP.NET Core's IsSubsetOf: that counts application/ld+json as application/json (its +json suffix),
            // so refusing application/json would refuse JSON-LD as well.
            var specificity = range.MatchesAllTypes ? 0
                : !StringSegment.Equals(range.Type, type, StringComparison.OrdinalIgnoreCase) ? -1
                : range.MatchesAllSubTypes ? 1
                : StringSegment.Equals(range.SubType, subtype, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
            if (specificity < 0 || found is { } f && f.Specificity >= specificity) continue;
            found = (range.Quality ?? 1, i, specificity);
        }
        return found is { } w ? (w.Quality, w.At) : null;
    }
}

/// <summary>
/// The endpoint has renderings besides JSON (or other than JSON) and chooses among them itself, through
/// <see cref="ContentNegotiation.Choose"/>; <see cref="AcceptableJson"/> leaves its Accept header to it.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChoosesRenderingAttribute : Attribute;

using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Optimistic concurrency for commands on an existing stream: the version the client last saw, from the
/// body's <c>expectedVersion</c> or an <c>If-Match</c> header carrying the ETag we served (<c>"3"</c>).
/// <c>If-Match: *</c> matches any current version (RFC 9110, 13.1.1): the command goes ahead on whatever version the
/// resource is at, and a resource that does not exist is still a 404.
/// </summary>
public static partial class ExpectedVersion
{
    /// <summary>The version demanded, if any; <paramref name="firstVersion"/> is the lowest the resource is ever at (<see cref="IVersionedRequest.FirstVersion"/>).</summary>
    public static long? Read(HttpContext context, long? fromBody, long firstVersion, FieldErrors errors)
    {
        var expected = fromBody;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.StartsWith("W/", StringComparison.Ordinal))
            // If-Match compares strongly (RFC 9110, 13.1.1): a weak tag matches nothing, and ours are all strong.
            errors.Add("If-Match", "must be the strong ETag the resource was served with, e.g. \"3\"; a weak one never matches.");
        else if (ifMatch == "*")
        {
            // Any current version: nothing to demand beyond what the body itself asks for.
        }
        else if (ifMatch.Length > 0)
        {
            if (!TryReadTag(ifMatch, out var v))
                errors.Add("If-Match", "must be the ETag of the resource exactly as it was served, e.g. \"3\" (or *).");
            else if (fromBody is not null && fromBody != v)
                errors.Add("expectedVersion", "disagrees with the If-Match header.");
            else expected = v;
        }
        if (expected < firstVersion) errors.Add("expectedVersion", $"must be at least {firstVersion}.");
        return expected;
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The tag of a rendering other than the resource's JSON that shows more than the stream (a claim's PROV-O also shows
    /// its sources' documents, and names everything by the address it was asked at): the version, the rendering's
    /// <paramref name="mark"/> and a digest of the bytes served (<c>"3-ld-…"</c>). Two renderings never share a tag (RFC 9110,
    /// 8.8.3), the tag moves whenever the document does, though the version may not, and If-Match still reads the version.
    /// </summary>
    public static string ETag(long version, string mark, string content)
    {
        var digest = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)), 0, 8);
        return $"\"{version.ToString(CultureInfo.InvariantCulture)}-{mark}-{digest}\"";
    }

    /// <summary>
    /// The version an entity tag names when it is, character for character, one we serve: <see cref="ETag(long)"/>, or a
    /// rendering's <see cref="ETag(long, string, string)"/> (its digest unchecked: a command decides on the version). Strong
    /// comparison is exact (RFC 9110, 8.8.3.2): <c>"01"</c> is another tag than <c>"1"</c>, and <c>"1</c> or <c>1</c> is
    /// no tag at all, where trimming quotes and parsing a number took all of them for version 1. A list of tags names no
    /// one version a command could demand, so it is refused as well.
    /// </summary>
    private static bool TryReadTag(string tag, out long version)
    {
        version = 0;
        if (tag.Length <= 2 || tag[0] != '"' || tag[^1] != '"') return false;
        var inner = tag.AsSpan(1, tag.Length - 2);
        var dash = inner.IndexOf('-');
        var number = dash < 0 ? inner : inner[..dash];
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && number.SequenceEqual(version.ToString(CultureInfo.InvariantCulture))
            && (dash < 0 || MarkAndDigest().IsMatch(inner[(dash + 1)..]));
    }

    [GeneratedRegex("^[a-z]+-[0-9a-f]{16}$")]
    private static partial Regex MarkAndDigest();
}

using System.Globalization;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Optimistic concurrency for commands on an existing stream: the version the client last saw, from the
/// body's <c>expectedVersion</c> or an <c>If-Match</c> header carrying the ETag we served (<c>"3"</c>).
/// <c>If-Match: *</c> matches any current version (RFC 9110, 13.1.1): the command goes ahead on whatever version the
/// resource is at, and a resource that does not exist is still a 404.
/// </summary>
public static class ExpectedVersion
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
    /// The version an entity tag names when it is, character for character, one we serve (<see cref="ETag"/>). Strong
    /// comparison is exact (RFC 9110, 8.8.3.2): <c>"01"</c> is another tag than <c>"1"</c>, and <c>"1</c> or <c>1</c> is
    /// no tag at all, where trimming quotes and parsing a number took all of them for version 1. A list of tags names no
    /// one version a command could demand, so it is refused as well.
    /// </summary>
    private static bool TryReadTag(string tag, out long version)
    {
        version = 0;
        return tag.Length > 2 && tag[0] == '"' && tag[^1] == '"'
            && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && tag == ETag(version);
    }
}

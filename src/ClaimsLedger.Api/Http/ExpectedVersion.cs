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
            if (!long.TryParse(ifMatch.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                errors.Add("If-Match", "must be the ETag of the resource, e.g. \"3\".");
            else if (fromBody is not null && fromBody != v)
                errors.Add("expectedVersion", "disagrees with the If-Match header.");
            else expected = v;
        }
        if (expected < firstVersion) errors.Add("expectedVersion", $"must be at least {firstVersion}.");
        return expected;
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}

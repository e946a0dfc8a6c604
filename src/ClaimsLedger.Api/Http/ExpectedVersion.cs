using System.Globalization;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Optimistic concurrency for commands on an existing stream: the version the client last saw, from the
/// body's <c>expectedVersion</c> or an <c>If-Match</c> header carrying the ETag we served (<c>"3"</c>).
/// </summary>
public static class ExpectedVersion
{
    public static long? Read(HttpContext context, long? fromBody, FieldErrors errors)
    {
        var expected = fromBody;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
        {
            var raw = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
            if (!long.TryParse(raw.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                errors.Add("If-Match", "must be the ETag of the resource, e.g. \"3\".");
            else if (fromBody is not null && fromBody != v)
                errors.Add("expectedVersion", "disagrees with the If-Match header.");
            else expected = v;
        }
        if (expected is < 1) errors.Add("expectedVersion", "must be at least 1.");
        return expected;
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}

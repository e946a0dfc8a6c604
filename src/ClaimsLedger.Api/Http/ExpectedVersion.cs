using System.Globalization;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Optimistic concurrency for commands on an existing stream: the version the client last saw, from the
/// body's <c>expectedVersion</c> or an <c>If-Match</c> header carrying the ETag we served (<c>"3"</c>).
/// </summary>
public static class ExpectedVersion
{
    public static bool TryRead(HttpContext context, long? fromBody, out long? expected, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out IResult? problem)
    {
        expected = fromBody;
        problem = null;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim();
        if (ifMatch.Length > 0)
        {
            var raw = ifMatch.StartsWith("W/", StringComparison.Ordinal) ? ifMatch[2..] : ifMatch;
            if (!long.TryParse(raw.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
                problem = Problems.Invalid("If-Match", "must be the ETag of the resource, e.g. \"3\".");
            else if (fromBody is not null && fromBody != v)
                problem = Problems.Invalid("expectedVersion", "disagrees with the If-Match header.");
            else expected = v;
        }
        if (problem is null && expected is < 1)
            problem = Problems.Invalid("expectedVersion", "must be at least 1.");
        return problem is null;
    }

    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}

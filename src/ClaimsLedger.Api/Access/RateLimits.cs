using System.Globalization;
using System.Threading.RateLimiting;
using ClaimsLedger.Api.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace ClaimsLedger.Api.Access;

/// <summary>
/// Each caller (the key's name, or the client address before anyone is named) gets a token bucket of its own, so one
/// client cannot starve the others; admin actions (a rebuild rewrites every read model) get a much smaller one.
/// Over the limit: 429 with Retry-After, as a problem document like any other refusal.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddLedgerRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var limits = http.RequestServices.GetRequiredService<LedgerOptions>().RateLimit;
                var caller = http.User.Identity?.Name ?? "address:" + http.Connection.RemoteIpAddress;
                var admin = http.Request.Path.StartsWithSegments("/api/admin") && HttpMethods.IsPost(http.Request.Method);
                return admin
                    ? RateLimitPartition.GetTokenBucketLimiter("admin:" + caller, _ => Bucket(limits.AdminPerMinute, TimeSpan.FromMinutes(1), limits.AdminPerMinute))
                    : RateLimitPartition.GetTokenBucketLimiter(caller, _ => Bucket(limits.PerSecond, TimeSpan.FromSeconds(1), limits.Burst));
            });
            o.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Invalid("rate", $"Too many requests from this caller; retry after {retryAfter} s.", StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
        });

    private static TokenBucketRateLimiterOptions Bucket(int perPeriod, TimeSpan period, int burst) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perPeriod),
        ReplenishmentPeriod = period,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary><c>ClaimsLedger:RateLimit</c>: requests per caller.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per caller.</summary>
    public int PerSecond { get; set; } = 200;

    /// <summary>How many requests a caller may send at once above the sustained rate.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>Admin actions (POST /api/admin/*) per minute per caller.</summary>
    public int AdminPerMinute { get; set; } = 10;
}

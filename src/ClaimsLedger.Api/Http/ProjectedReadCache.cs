using ClaimsLedger.Api.Configuration;
using Microsoft.AspNetCore.OutputCaching;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Alignment reads are served from the asynchronous projections only, so a read is a function of its path, its query and how
/// far those projections have come: the same request at the same projection positions gives the same bytes. ASP.NET Core's
/// output cache keeps each answer under that key (<see cref="LedgerPosition"/> names the positions the request reads from),
/// so a subject read by many clients is computed once per step of its projections, and any step makes the next read fresh.
/// Reads of what the writing transaction projects (claims, sources, reports as of now) are never cached: they must show a
/// write the moment it commits, which no projection position records.
/// </summary>
public sealed class ProjectedReadCache(LedgerOptions options) : IOutputCachePolicy
{
    /// <summary>Evicted when a blue/green rebuild swaps tables in: the same positions then hold rebuilt documents.</summary>
    public const string Tag = "projected";

    private const string AsOfQuery = "asOf";

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        if (options.ReadCache.MaxMegabytes == 0 || http.Features.Get<ProjectedPositions>() is not { } positions) return ValueTask.CompletedTask;
        // Answers as of an instant are not kept: instants seldom repeat, and each read is one short statement (~0.8 ms of CPU
        // at 200,000 events), while as-of reads at 2,000 a second filled the cache's memory within seconds with answers
        // nobody asked for again, and held it.
        if (http.Request.Query.ContainsKey(AsOfQuery)) return ValueTask.CompletedTask;
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        // Concurrent misses for one key wait for the first to compute it rather than each computing it.
        context.AllowLocking = true;
        // minPosition only decides how long the request waits; the answer is keyed by the positions it reflects.
        context.CacheVaryByRules.QueryKeys = new([.. http.Request.Query.Keys.Where(k => !string.Equals(k, LedgerPosition.MinQuery, StringComparison.OrdinalIgnoreCase))]);
        context.CacheVaryByRules.VaryByValues["positions"] = positions.Key;
        context.ResponseExpirationTimeSpan = options.ReadCache.Expiration;
        context.Tags.Add(Tag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken ct) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken ct)
    {
        // Only a complete answer: a problem (404 for an unknown page, 400, 503) is computed again each time.
        if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK) context.AllowCacheStorage = false;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The positions of the async projections a read is served from, as one cache key part (set by <see cref="LedgerPosition"/>).</summary>
/// <param name="Key">Each projection's name, position and when its progress was last written (a reset ledger starts again from 0).</param>
public sealed record ProjectedPositions(string Key);

/// <summary><c>ClaimsLedger:ReadCache</c>.</summary>
public sealed class ReadCacheOptions
{
    /// <summary>Memory for cached alignment reads (0–1024 MB); 0 turns the cache off.</summary>
    public int MaxMegabytes { get; set; } = 32;

    /// <summary>How long an answer is kept at most (it is stale as soon as its projections move on, and then no read asks for it).</summary>
    public TimeSpan Expiration { get; set; } = TimeSpan.FromSeconds(30);
}

public static class ProjectedReadCacheRegistration
{
    public static IServiceCollection AddProjectedReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        var megabytes = configuration.GetValue<int?>($"{LedgerOptions.Section}:ReadCache:MaxMegabytes") ?? new ReadCacheOptions().MaxMegabytes;
        services.AddSingleton<ProjectedReadCache>();
        services.AddOutputCache(o =>
        {
            o.SizeLimit = Math.Max(1, megabytes) * 1024L * 1024;
            o.MaximumBodySize = o.SizeLimit;
            // The output cache folds a path's letter case by default, but routes do not: /api/alignments/kz is a 400 (subjects
            // are upper case) and must reach that validation, not KZ's cached answer.
            o.UseCaseSensitivePaths = true;
        });
        services.AddOptions<OutputCacheOptions>().Configure<ProjectedReadCache>((o, policy) => o.AddBasePolicy(policy));
        return services;
    }
}

using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Configuration;

public static class LedgerConfiguration
{
    /// <summary>
    /// Binds the options and validates them when the host starts, so a bad setting stops start-up with one line naming
    /// it rather than failing later wherever the value is first read.
    /// </summary>
    public static IServiceCollection AddLedgerOptions(this IServiceCollection services)
    {
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LedgerOptions>>().Value);
        return services;
    }

    /// <summary>What is wrong with the configuration, checked before the host starts so it can be said plainly.</summary>
    public static IReadOnlyList<string> Failures(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<IOptions<LedgerOptions>>().Value;
            return [];
        }
        catch (OptionsValidationException invalid)
        {
            return invalid.Failures.ToList();
        }
    }
}

/// <summary>Every problem with the <c>ClaimsLedger</c> section, each naming its key.</summary>
public sealed class LedgerOptionsValidator(IConfiguration configuration) : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var problems = new List<string>();
        const string at = LedgerOptions.Section;
        if (string.IsNullOrWhiteSpace(options.DataDirectory)) problems.Add($"{at}:DataDirectory must not be empty.");
        if (options.SeedDirectory is { } seeds && !Directory.Exists(seeds)) problems.Add($"{at}:SeedDirectory '{seeds}' does not exist.");
        if (options.PostgresBinDirectory is { } bin && !Directory.Exists(bin)) problems.Add($"{at}:PostgresBinDirectory '{bin}' does not exist.");
        problems.AddRange(options.ApiKeys.Select((k, i) => k.Problem(i)).OfType<string>());
        problems.AddRange(options.ApiKeys.GroupBy(k => k.Name).Where(g => g.Count() > 1).Select(g => $"{at}:ApiKeys names '{g.Key}' twice."));
        if (options.ApiKeys.Count == 0 && !options.AllowRemoteWithoutKeys && ListenUrls.Of(configuration).FirstOrDefault(u => !ListenUrls.IsLoopback(u)) is { } open)
            problems.Add($"Urls includes {open}, beyond loopback, but no {at}:ApiKeys are configured: configure keys, or set {at}:AllowRemoteWithoutKeys=true if only trusted callers can reach it.");
        if (options.RateLimit is { PerSecond: < 1 } or { Burst: < 1 } or { AdminPerMinute: < 1 })
            problems.Add($"{at}:RateLimit values must be at least 1.");
        if (options.Idempotency.AbandonAfter < TimeSpan.FromSeconds(1) || options.Idempotency.AbandonAfter >= TimeSpan.FromHours(24))
            problems.Add($"{at}:Idempotency:AbandonAfter must be at least 1 second and less than 24 hours.");
        if (options.Reports.MaxConcurrent is < 1 or > 64) problems.Add($"{at}:Reports:MaxConcurrent must be between 1 and 64.");
        if (options.Reads.MaxConcurrent is < 1 or > 256) problems.Add($"{at}:Reads:MaxConcurrent must be between 1 and 256.");
        if (options.Reads.MaxConcurrentWholeSubject is < 1 or > 64) problems.Add($"{at}:Reads:MaxConcurrentWholeSubject must be between 1 and 64.");
        if (options.Rebuild.MaxConcurrent is < 1 or > 8) problems.Add($"{at}:Rebuild:MaxConcurrent must be between 1 and 8.");
        if (options.IndexUpkeep.Every < TimeSpan.Zero || options.IndexUpkeep.Every > TimeSpan.FromDays(7))
            problems.Add($"{at}:IndexUpkeep:Every must be between 0 (off) and 7 days.");
        if (options.IndexUpkeep.Bloat is < 1.2 or > 10 || double.IsNaN(options.IndexUpkeep.Bloat))
            problems.Add($"{at}:IndexUpkeep:Bloat must be between 1.2 and 10.");
        if (options.Backpressure.MaxLag < TimeSpan.Zero || options.Backpressure.MaxLag > TimeSpan.FromMinutes(10))
            problems.Add($"{at}:Backpressure:MaxLag must be between 0 (off) and 10 minutes.");
        if (options.Backpressure.MaxWait < TimeSpan.Zero || options.Backpressure.MaxWait > TimeSpan.FromMinutes(1))
            problems.Add($"{at}:Backpressure:MaxWait must be between 0 and 1 minute.");
        if (options.SharedCommits.MaxClaims is < 1 or > Claims.RecordClaimsRequest.MaxClaims)
            problems.Add($"{at}:SharedCommits:MaxClaims must be between 1 (a commit for every POST) and {Claims.RecordClaimsRequest.MaxClaims}.");
        if (options.SharedCommits.Writers is < 1 or > 16) problems.Add($"{at}:SharedCommits:Writers must be between 1 and 16.");
        if (options.ReadCache.MaxMegabytes is < 0 or > 1024) problems.Add($"{at}:ReadCache:MaxMegabytes must be between 0 (off) and 1024.");
        if (options.ReadCache.Expiration < TimeSpan.FromSeconds(1) || options.ReadCache.Expiration > TimeSpan.FromHours(1))
            problems.Add($"{at}:ReadCache:Expiration must be between 1 second and 1 hour.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

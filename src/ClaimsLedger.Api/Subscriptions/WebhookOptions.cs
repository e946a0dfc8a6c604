using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary><c>ClaimsLedger:Webhooks</c> (README, "Integrating").</summary>
public sealed class WebhookOptions
{
    public const string Section = LedgerOptions.Section + ":Webhooks";

    /// <summary>Attempts per notification (the first included) before it is dead-lettered.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The pause after the first failed attempt; each later pause doubles, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long one attempt may take, connection included, before it counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Allow receivers on loopback, private and link-local networks (see <see cref="WebhookTargets"/>).</summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>
    /// How long a node may be silent before the others take over the deliveries it had started (Wolverine's stale-node
    /// timeout); unset: Wolverine's default, a minute.
    /// </summary>
    public TimeSpan? NodeTakeoverAfter { get; set; }

    /// <summary>The pauses between attempts: exponential backoff, one fewer than the attempts.</summary>
    public TimeSpan[] RetryDelays() =>
        [.. Enumerable.Range(0, Math.Clamp(MaxAttempts - 1, 0, WebhookOptionsValidator.MaxAttemptsLimit - 1))
            .Select(i => TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Min(i, 30)))))];
}

/// <summary>Checks the webhook settings with the rest of the ClaimsLedger section, so a bad one stops start-up naming its key.</summary>
public sealed class WebhookOptionsValidator(IOptions<WebhookOptions> webhooks) : IValidateOptions<LedgerOptions>
{
    public const int MaxAttemptsLimit = 25;

    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var o = webhooks.Value;
        var problems = new List<string>();
        const string at = WebhookOptions.Section;
        if (o.MaxAttempts is < 1 or > MaxAttemptsLimit) problems.Add($"{at}:MaxAttempts must be between 1 and {MaxAttemptsLimit} (Wolverine's limit for one message).");
        if (o.FirstRetryDelay <= TimeSpan.Zero || o.MaxRetryDelay < o.FirstRetryDelay)
            problems.Add($"{at}:FirstRetryDelay must be positive and MaxRetryDelay at least as long.");
        if (o.MaxRetryDelay > TimeSpan.FromHours(1)) problems.Add($"{at}:MaxRetryDelay must be at most an hour (a retry holds its subscription's place in line).");
        if (o.Timeout <= TimeSpan.Zero || o.Timeout > TimeSpan.FromMinutes(5)) problems.Add($"{at}:Timeout must be positive and at most 5 minutes.");
        if (o.NodeTakeoverAfter is { } takeover && takeover < TimeSpan.FromSeconds(1)) problems.Add($"{at}:NodeTakeoverAfter must be at least a second.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

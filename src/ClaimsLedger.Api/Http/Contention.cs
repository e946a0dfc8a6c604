namespace ClaimsLedger.Api.Http;

/// <summary>
/// How a command that asked for no particular version rides out a concurrent writer on the same stream:
/// decide again on the newer state after a short, jittered, growing pause.
/// </summary>
public static class Contention
{
    public const int MaxAttempts = 12;

    public static Task BackoffAsync(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6))), ct);
}

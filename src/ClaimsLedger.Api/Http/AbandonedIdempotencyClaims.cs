using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Postgres;
using Npgsql;
using Wolverine.Runtime;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Releases <c>Idempotency-Key</c> claims that no request will ever answer. Wolverine claims a key in a row of its own,
/// committed before the command runs, and afterwards records the response on it or deletes it — from the process that
/// ran the request, and only while the database answers. A process killed mid-request, or a database lost between the
/// claim and its answer, leaves the claim unanswered until the deduplication window ends (24 hours), and every retry with
/// that key is a 409 "still being processed" although nothing is (found by tests/ClaimsLedger.Chaos.Tests). No request
/// runs for <see cref="IdempotencyOptions.AbandonAfter"/>, so a claim still unanswered by then is deleted and the next
/// retry runs the command again: safe, since commands are idempotent (a claim recorded before the crash answers
/// "unchanged"). Every node sweeps; the delete is the same on each.
/// </summary>
public sealed class AbandonedIdempotencyClaims(LedgerDatabase database, LedgerOptions options, IWolverineRuntime runtime,
    ILogger<AbandonedIdempotencyClaims> logger) : BackgroundService
{
    private const string Table = MartenSetup.Schema + ".wolverine_deduplicated_responses";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var abandonAfter = options.Idempotency.AbandonAfter;
        var every = TimeSpan.FromTicks(Math.Clamp(abandonAfter.Ticks / 2, TimeSpan.TicksPerSecond, TimeSpan.TicksPerSecond * 30));
        using var timer = new PeriodicTimer(every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(abandonAfter, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The database may be the very thing that is down; the next tick tries again.
                logger.LogDebug(ex, "Could not release abandoned Idempotency-Key claims");
            }
        }
    }

    private async Task SweepAsync(TimeSpan abandonAfter, CancellationToken ct)
    {
        // Wolverine stores when a claim expires (claimed + window, by the clock of the node that claimed it), not when it
        // was claimed, and an unanswered claim is one with no status recorded yet.
        var claimedBefore = DateTimeOffset.UtcNow - abandonAfter;
        var expiresBefore = claimedBefore + runtime.Options.Durability.DeduplicationWindow;
        await using var connection = new NpgsqlConnection(await database.GetConnectionStringAsync(ct));
        await connection.OpenAsync(ct);
        await using var delete = new NpgsqlCommand($"delete from {Table} where status_code is null and expires < $1", connection)
        {
            Parameters = { new() { Value = expiresBefore } },
        };
        var released = await delete.ExecuteNonQueryAsync(ct);
        if (released > 0)
            logger.LogWarning("Released {Count} Idempotency-Key claim(s) left unanswered for over {AbandonAfter} by a request that was cut off; " +
                              "retries with those keys now run", released, abandonAfter);
    }
}

/// <summary><c>ClaimsLedger:Idempotency</c>.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>
    /// How long an <c>Idempotency-Key</c> claim may stay unanswered (its request cut off by a crash or a database outage)
    /// before it is released, so that a retry runs instead of answering 409. Longer than any request runs.
    /// </summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(5);
}

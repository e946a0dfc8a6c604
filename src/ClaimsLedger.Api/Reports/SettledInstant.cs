using System.Diagnostics;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Reports;

/// <summary>
/// A report as of an instant is built only once nothing more can be recorded by that instant, so that the same parameters
/// give the same bytes however many events follow, "now" included. The alignment is projected asynchronously: a report
/// built while the projection trails the ledger would miss changes recorded before its instant, and the same report asked
/// for again later would show them (29 of 30 reports as of "now" taken under four writing clients changed, forty-second round).
/// </summary>
/// <remarks>
/// The instant is settled once the alignment's clock has passed it (<see cref="AlignmentClock"/>: record time never goes
/// back along the ledger, so every change still to come is recorded after it), or once the projection has reached every event
/// committed by then. A save stamps its events as it starts and commits them a little later, so an instant less than
/// <see cref="StampToCommit"/> old first waits until it is that old: a save stamped by the instant has committed by then.
/// (Measured with PostgreSQL's commit timestamps under 16 writing clients: stamp to commit p50 17 ms, p99 66 ms, at most
/// 80 ms; a report as of "now" takes that much longer.) Then the report waits for the projection, as long as a read given
/// <c>minPosition</c> would (<c>ClaimsLedger:ReadYourWrites:MaxWait</c>), and answers 503 with Retry-After if it has not
/// come. An instant still to come is answered as the ledger stands and can change, as it must.
/// </remarks>
public sealed class SettledInstant(IDocumentStore store, SharedProgress progress, LedgerOptions options, TimeProvider clock)
{
    /// <summary>Longer than a save takes from stamping its events to committing them, with a margin.</summary>
    public static readonly TimeSpan StampToCommit = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    /// <summary>Null once <paramref name="instant"/> is settled; the 503 to answer when it is not within the wait.</summary>
    public async Task<IResult?> WaitAsync(DateTimeOffset instant, HttpContext http, CancellationToken ct)
    {
        if (await PassedAsync(instant, ct)) return null;
        // Waited out in the process's time: the injected clock only says how old the instant is.
        if (clock.GetUtcNow() - instant is var age && age < StampToCommit) await Task.Delay(StampToCommit - age, ct);
        var last = await LedgerPosition.LastCommittedAsync(store, ct);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var reached = await ReachedAsync(ct);
            if (reached >= last || await PassedAsync(instant, ct)) return null;
            if (Stopwatch.GetElapsedTime(started) >= options.ReadYourWrites.MaxWait)
            {
                http.Response.Headers.RetryAfter = "1";
                return Problems.Invalid("asOf",
                    $"the alignment has not been projected up to this instant yet (at position {reached} of {last}); retry shortly.",
                    StatusCodes.Status503ServiceUnavailable);
            }
            await Task.Delay(Poll, ct);
        }
    }

    private async Task<bool> PassedAsync(DateTimeOffset instant, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.LoadAsync<AlignmentClock>(AlignmentClock.Ledger, ct) is { } clock && clock.Through > instant;
    }

    private async Task<long> ReachedAsync(CancellationToken ct) =>
        (await progress.ReadAsync(fresh: true, ct)).FirstOrDefault(p => p.ShardName == $"{AlignmentProjection.Name}:All")?.Sequence ?? 0;
}

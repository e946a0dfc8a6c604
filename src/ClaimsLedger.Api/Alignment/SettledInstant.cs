using System.Diagnostics;
using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A read of the alignment as of a record time (an as-of alignment or its contributions, a history or diff ending at an
/// instant, a report) is answered only once nothing more can be recorded by that instant, so that asking again later gives
/// the same answer, "now" included. The alignment is projected asynchronously: a read made while the projection trails the
/// ledger would miss changes recorded before its instant, and the same read made later would show them (29 of 30 reports as
/// of "now" taken beside four writing clients changed, forty-second round).
/// </summary>
/// <remarks>
/// The instant is settled once the alignment's clock has passed it (<see cref="AlignmentClock"/>: record time never goes
/// back along the ledger, so every change still to come is recorded after it), or once the projection has reached every event
/// committed by then. A save stamps its events as it starts and commits them a little later, so an instant less than
/// <see cref="StampToCommit"/> old first waits until it is that old: a save stamped by the instant has committed by then.
/// (Measured with PostgreSQL's commit timestamps under 16 writing clients: stamp to commit p50 17 ms, p99 66 ms, at most
/// 80 ms; a read as of "now" takes that much longer.) Then the read waits for the projection, as long as a read given
/// <c>minPosition</c> would (<c>ClaimsLedger:ReadYourWrites:MaxWait</c>), and answers 503 with Retry-After if it has not
/// come. An instant still to come is waited for the same way once it has come, if it comes within that wait; one further
/// off is refused with 400 (the sweep of the forty-eighth round found it answered at once as the ledger stood, and the
/// same read later answering otherwise). The projections waited for
/// are those the read serves from (<see cref="LedgerPosition.AsyncProjectionsRead"/>). An alignment's unresolved
/// contradictions are counted by the Contradictions projection, so its resource's instants are settled once the
/// contradictions' clock (<see cref="Contradictions.ContradictionClock"/>) has passed them too: until the forty-third round only
/// the alignment's was asked, and an as-of alignment read while the contradictions trailed (minutes, in the catch-up after
/// a million-event bulk load) could show a count that a later read of the same instant did not.
/// </remarks>
public sealed class SettledInstant(IDocumentStore store, SharedProgress progress, LedgerOptions options, TimeProvider clock)
{
    /// <summary>Longer than a save takes from stamping its events to committing them, with a margin.</summary>
    public static readonly TimeSpan StampToCommit = TimeSpan.FromMilliseconds(250);

    private readonly SharedClock _alignment = new(async (session, ct) => (await session.LoadAsync<AlignmentClock>(Time.RecordClock.Ledger, ct))?.Through);
    private readonly SharedClock _contradictions = new(async (session, ct) =>
        (await session.LoadAsync<Contradictions.ContradictionClock>(Time.RecordClock.Ledger, ct))?.Through);

    /// <summary>Null once <paramref name="instant"/> (the <paramref name="field"/> asked for) is settled; the 503 to answer when it is not within the wait.</summary>
    /// <remarks>Reads the clock on the request's own <paramref name="session"/>, when the value shared between reads cannot answer.</remarks>
    public async Task<IResult?> WaitAsync(DateTimeOffset instant, string field, IQuerySession session, HttpContext http, CancellationToken ct)
    {
        var projections = LedgerPosition.AsyncProjectionsRead(http.Request.Path);
        if (await PassedAsync(session, instant, projections, ct)) return null;
        // Waited out in the process's time: the injected clock only says how old the instant is. An instant still to come
        // waits until it has come and is settled, as "now" does, so the answer given is the one every later read gets; one
        // further off than a read waits for is refused, since any answer given now could change (the clocks of a client and
        // the ledger a few seconds apart are within that).
        var age = clock.GetUtcNow() - instant;
        if (-age > options.ReadYourWrites.MaxWait)
            return Problems.Invalid(field, $"is more than {options.ReadYourWrites.MaxWait.TotalSeconds:0.#} s in the future: the ledger answers as of " +
                "an instant only once nothing more can be recorded by it, and waits that long at most; leave it out to read the ledger now.");
        if (age < StampToCommit) await Task.Delay(StampToCommit - age, ct);
        var last = await LedgerPosition.LastCommittedAsync(store, ct);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var reached = await ReachedAsync(projections, ct);
            if (reached >= last || await PassedAsync(session, instant, projections, ct)) return null;
            if (Stopwatch.GetElapsedTime(started) >= options.ReadYourWrites.MaxWait)
            {
                http.Response.Headers.RetryAfter = "1";
                return Problems.Invalid(field,
                    $"the alignment has not been projected up to this instant yet (at position {reached} of {last}); retry shortly.",
                    StatusCodes.Status503ServiceUnavailable);
            }
            await Task.Delay(LedgerPosition.Poll, ct);
        }
    }

    /// <summary>
    /// Whether the clocks of the projections read have passed <paramref name="instant"/>: the alignment's, and the
    /// contradictions' where the read counts unresolved contradictions (an alignment's own resource). During a catch-up the
    /// Contradictions projection can trail the alignment by minutes, and an as-of count read then would change later.
    /// </summary>
    private async Task<bool> PassedAsync(IQuerySession session, DateTimeOffset instant, string[] projections, CancellationToken ct) =>
        await _alignment.PassedAsync(session, instant, ct)
        && (!projections.Contains(Contradictions.ContradictionProjection.Name) || await _contradictions.PassedAsync(session, instant, ct));

    private async Task<long> ReachedAsync(string[] projections, CancellationToken ct) =>
        SharedProgress.Slowest(await progress.ReadAsync(fresh: true, ct), projections);

    /// <summary>
    /// A projection's clock as last read. A clock only moves on, so the last value read answers "yes" for every instant
    /// before it: as-of reads of the past (thousands a second) share one lookup every <see cref="Freshness"/> rather than
    /// making one each, which cost them a third of their rate (forty-second round, 20k). It is read again whenever it cannot
    /// say yes.
    /// </summary>
    private sealed class SharedClock(Func<IQuerySession, CancellationToken, Task<DateTimeOffset?>> read)
    {
        /// <summary>How long a value read is trusted: short, so a ledger reset to nothing is seen at once.</summary>
        private static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(50);

        private readonly Lock _gate = new();
        private DateTimeOffset _through = DateTimeOffset.MinValue;
        private long _readAt;

        /// <remarks>Reads the clock on the request's own <paramref name="session"/>, when the value shared cannot answer.</remarks>
        public async Task<bool> PassedAsync(IQuerySession session, DateTimeOffset instant, CancellationToken ct)
        {
            lock (_gate)
                if (_through > instant && Stopwatch.GetElapsedTime(_readAt) < Freshness) return true;
            var readAt = Stopwatch.GetTimestamp();
            var through = await read(session, ct) ?? DateTimeOffset.MinValue;
            lock (_gate) (_through, _readAt) = (through, readAt);
            return through > instant;
        }
    }
}

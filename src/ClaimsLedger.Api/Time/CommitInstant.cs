using System.Diagnostics;

namespace ClaimsLedger.Api.Time;

/// <summary>
/// One record time for all the events a command commits together. Marten stamps each stream's events as it prepares them
/// (the event store's clock, <see cref="StoredPrecisionClock"/>, asked once a stream), so a merge's two streams, or the
/// claims of a shared commit, were stamped microseconds apart although they became visible in one transaction, and an as-of
/// read of an instant between two such stamps showed a state that was never committed (a merged duplicate counted on both
/// claims). A command's flow begins one (<see cref="Begin"/>, as every command is sent: <see cref="Http.CommandEndpoint.InvokeAsActorAsync"/>); the clock then answers
/// every stream of the flow's next save with the instant it first gave.
/// </summary>
/// <remarks>
/// The instant is given again only briefly (<see cref="Reused"/>): a later save in the same flow (a retry after a lost race,
/// the extractor's claims after their source) is stamped anew, so no save is stamped long before it commits, which the
/// settled instants rely on (<see cref="Alignment.SettledInstant.StampToCommit"/>). A flow with none begun (the daemon, writes
/// made on a session directly rather than as a command) is stamped per stream as before.
/// </remarks>
public static class CommitInstant
{
    /// <summary>Well within a save: Marten prepares every stream of a save in one pass, before its first statement.</summary>
    public static readonly TimeSpan Reused = TimeSpan.FromMilliseconds(50);

    private static readonly AsyncLocal<Holder?> Current = new();

    /// <summary>The commands that follow in this flow are stamped one instant a save.</summary>
    public static void Begin() => Current.Value = new Holder();

    /// <summary>The flow's instant for this save, taken from <paramref name="now"/> when it has none yet or its last is stale.</summary>
    public static DateTimeOffset Of(Func<DateTimeOffset> now)
    {
        if (Current.Value is not { } holder) return now();
        lock (holder)
        {
            if (holder.Instant is not { } instant || Stopwatch.GetElapsedTime(holder.TakenAt) > Reused)
                (holder.Instant, holder.TakenAt) = (instant = now(), Stopwatch.GetTimestamp());
            return instant;
        }
    }

    private sealed class Holder
    {
        public DateTimeOffset? Instant;
        public long TakenAt;
    }
}

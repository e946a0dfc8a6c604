namespace ClaimsLedger.Api.Time;

/// <summary>
/// The event store's clock: the host's, cut to the microsecond, which is all PostgreSQL keeps of a timestamp. An event
/// stamped to the tick (a tenth of a microsecond) was projected inline from memory with seven fractional digits and stored
/// with six, so a claim's <c>recordedAt</c> as served differed from its event's, and changed when a rebuild read the
/// stored event back.
/// </summary>
public sealed class StoredPrecisionClock(TimeProvider inner) : TimeProvider
{
    /// <summary>The instant to stamp events with: one a save for a command's flow (<see cref="CommitInstant"/>).</summary>
    public override DateTimeOffset GetUtcNow() => CommitInstant.Of(() =>
    {
        var now = inner.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));
    });

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}

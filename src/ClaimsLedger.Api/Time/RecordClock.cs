namespace ClaimsLedger.Api.Time;

/// <summary>
/// A projection's record time, kept in the ledger's order: what it records for an event is that event's timestamp or, when
/// an event before it in the ledger was stamped later, that later time. Commands stamp events when they run and are given
/// sequences when they insert, so timestamps alone can go back along the ledger; record time never does, so whatever a
/// projection records by any instant is a prefix of what it records. One document per projection, each its own type
/// (<see cref="Alignment.AlignmentClock"/>, <see cref="Contradictions.ContradictionClock"/>), so each is rebuilt with its
/// projection.
/// </summary>
public abstract class RecordClock
{
    /// <summary>The one clock document of a projection.</summary>
    public const string Ledger = "ledger";

    public string Id { get; set; } = Ledger;

    /// <summary>The record time of the latest event recorded so far.</summary>
    public DateTimeOffset Through { get; set; } = DateTimeOffset.MinValue;

    /// <summary>When an event stamped <paramref name="timestamp"/>, after those before it, is recorded, moving the clock on.</summary>
    public DateTimeOffset Record(DateTimeOffset timestamp)
    {
        if (timestamp > Through) Through = timestamp;
        return Through;
    }
}

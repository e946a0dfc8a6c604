namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// The record time of the unresolved counts' moments (<see cref="UnresolvedCountMoment"/>), kept in the ledger's order as
/// <see cref="Alignment.AlignmentClock"/> keeps the alignment's changes: a moment is recorded at its event's timestamp or,
/// when an event before it in the ledger was stamped later, at that time. Once this clock has passed an instant, nothing
/// the projection applies later can be recorded by it, so an as-of alignment's unresolved count for that instant is final
/// (<see cref="Alignment.SettledInstant"/>). It is ledger-wide, not a subject's own: a subject's count moved by an event
/// stamped before another subject's latest moment is still recorded after that moment.
/// </summary>
public sealed class ContradictionClock : Time.RecordClock;

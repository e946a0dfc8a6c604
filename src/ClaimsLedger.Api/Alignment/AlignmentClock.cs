namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The record time of the alignment's changes, kept in the ledger's order. An event's timestamp is taken when its command
/// runs, its sequence when it is inserted, so two commands committing side by side can leave a later event stamped earlier
/// (at 200,000 events, most of a benchmark ledger's bulk batches and concurrent POSTs). A change is therefore recorded at
/// its event's timestamp or, when a change before it in the ledger carries a later one, at that later time: record time
/// then never goes back along the ledger, and the changes recorded by any instant are a prefix of the ledger. An as-of
/// read, a history window, a diff's causes and a report's chart all select changes by that time, so they agree with one
/// another (a diff's causes add up to its before and after), and the as-of read's nearest snapshot is always one probe.
/// </summary>
public sealed class AlignmentClock : Time.RecordClock;

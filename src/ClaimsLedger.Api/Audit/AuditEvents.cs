using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Audit;

// The stored schema of the audit stream. Checkpoints themselves are not events: the chain projection derives them
// from the events (every N events, every M minutes of record time, and at each of these requests).

/// <summary>Someone asked for a signed checkpoint now (before handing the ledger to an auditor, say); one is cut at this event.</summary>
public sealed record AuditCheckpointRequested(string Reason, string Actor) : IReasonedEvent;

public static class AuditStreams
{
    /// <summary>
    /// One stream for every request. The colon keeps it out of the namespace of client-chosen source ids
    /// (<c>[a-z0-9-]</c> only), so no source can ever land on it.
    /// </summary>
    public const string Checkpoints = "audit:checkpoints";
}

/// <summary>The write model of the audit stream: requests are always accepted, so it holds only the version.</summary>
public sealed partial record AuditRequestsState(string Id) : IWriteModel
{
    public static string Kind => "Audit";

    public long Version { get; set; }

    public static AuditRequestsState Create(AuditCheckpointRequested _) => new(AuditStreams.Checkpoints);
    public AuditRequestsState Apply(AuditCheckpointRequested _) => this;
}

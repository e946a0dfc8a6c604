namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Where the chain ends, kept by <see cref="AuditChainProjection"/> between batches: the last link, how many there are,
/// and what the checkpoint rules need to know about the last checkpoint.
/// </summary>
public sealed class AuditChainHead
{
    public const string TheId = "chain";

    public string Id { get; set; } = TheId;

    public long Sequence { get; set; }

    public string Hash { get; set; } = CanonicalEvent.Hex(CanonicalEvent.Genesis);

    public long Links { get; set; }

    public long CheckpointSequence { get; set; }

    /// <summary>Record time of the last checkpoint, or of the first link before there is one.</summary>
    public DateTimeOffset? CheckpointTime { get; set; }

    public long LinksSinceCheckpoint { get; set; }
}

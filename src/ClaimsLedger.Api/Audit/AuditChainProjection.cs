using JasperFx.Events;
using Marten.Events.Projections;
using Marten.Storage;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Links every event into the hash chain, in global sequence order, and cuts signed checkpoints. Async: the daemon is the
/// chain's single ordered writer, so two concurrent commands can never both claim the same previous link.
/// <para>
/// It hashes the rows as PostgreSQL holds them (<see cref="CanonicalEvent"/>), read afresh for the range the batch covers,
/// not the deserialized events: a byte changed in <c>mt_events</c> must change the hash. Reading the whole range also
/// chains rows the daemon does not hand to projections, so the chain covers every event there is.
/// </para>
/// <para>
/// Links and checkpoints are inserted, never updated, and survive a rebuild (no teardown is registered): replaying the
/// projection skips everything already linked. A rebuild that recomputed the chain over altered events would launder
/// the alteration and re-sign it. Time comes only from the events' record time, so the checkpoints are a function of
/// the events and the configuration alone.
/// </para>
/// </summary>
public sealed class AuditChainProjection(AuditSigner signer, AuditOptions options) : IProjection
{
    public const string Name = "Audit";

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        if (events.Count == 0) return;
        var head = await operations.LoadAsync<AuditChainHead>(AuditChainHead.TheId, ct) ?? new AuditChainHead();
        var last = events.Max(e => e.Sequence);
        if (last <= head.Sequence) return;

        var requested = events.Where(e => e.Data is AuditCheckpointRequested).Select(e => e.Sequence).ToHashSet();
        var links = new List<AuditLink>();
        var checkpoints = new List<AuditCheckpoint>();
        var previous = Convert.FromHexString(head.Hash);
        await using (var connection = operations.Database.CreateConnection(ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await foreach (var row in CanonicalEvent.ReadRangeAsync(connection, AuditTables.Schema(operations.DocumentStore), head.Sequence + 1, last, ct))
            {
                previous = CanonicalEvent.Link(previous, row.Digest());
                var hash = CanonicalEvent.Hex(previous);
                links.Add(new AuditLink { Id = row.Sequence, Hash = hash });
                head.Sequence = row.Sequence;
                head.Hash = hash;
                head.Links++;
                head.LinksSinceCheckpoint++;
                var recordedAt = row.RecordedAt;
                head.CheckpointTime ??= recordedAt;
                if (!requested.Contains(row.Sequence) && head.LinksSinceCheckpoint < options.CheckpointEvery && !MinutesPassed(head.CheckpointTime.Value, recordedAt))
                    continue;
                checkpoints.Add(Sign(head, row.Timestamp));
                head.CheckpointSequence = row.Sequence;
                head.CheckpointTime = recordedAt;
                head.LinksSinceCheckpoint = 0;
            }
        }
        if (links.Count == 0) return;
        // Insert, not store: a second link for one sequence is a bug to stop on, never an overwrite.
        AuditLink.Rows.QueueInsert(operations, links);
        if (checkpoints.Count > 0) operations.Insert(checkpoints.ToArray());
        operations.Store(head);
    }

    private bool MinutesPassed(DateTimeOffset since, DateTimeOffset now) =>
        options.CheckpointMinutes > 0 && now - since >= TimeSpan.FromMinutes(options.CheckpointMinutes);

    private AuditCheckpoint Sign(AuditChainHead head, string time)
    {
        var checkpoint = new AuditCheckpoint { Id = head.Sequence, HeadHash = head.Hash, Time = time, Events = head.Links, PublicKey = signer.PublicKey };
        checkpoint.Signature = signer.Sign(checkpoint.SignedBytes());
        return checkpoint;
    }
}

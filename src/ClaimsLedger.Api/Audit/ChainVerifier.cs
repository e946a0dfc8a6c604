using System.Diagnostics;
using Marten.Storage;
using Npgsql;

namespace ClaimsLedger.Api.Audit;

/// <summary>One place where the recomputed chain and what is stored disagree.</summary>
/// <param name="Sequence">The global sequence (<c>mt_events.seq_id</c>) of the event or checkpoint where the chain breaks.</param>
/// <param name="Problem">What no longer holds there: an altered row, a missing (deleted) row, an event not in the chain, or a checkpoint that fails.</param>
public sealed record ChainBreak(long Sequence, string Problem);

/// <summary>How the signed checkpoints fared in a verification.</summary>
/// <param name="Checked">How many stored checkpoints were checked.</param>
/// <param name="Valid">How many of them have a valid signature by a trusted key, and match the chain's head hash and link count at their sequence.</param>
/// <param name="FirstInvalidSequence">The sequence of the first checkpoint that fails; null when all hold.</param>
public sealed record CheckpointVerification(long Checked, long Valid, long? FirstInvalidSequence);

/// <summary>
/// The outcome of recomputing the chain from the raw events. <see cref="FirstBrokenSequence"/> is the first sequence whose
/// recomputed link no longer matches (an altered or deleted event, an event slipped in below the head, or a checkpoint
/// that the stored chain or its signature no longer supports). <see cref="Pending"/> events are newer than the chain's
/// head and not linked yet.
/// </summary>
/// <param name="Intact">True when every event matches its link, no link is missing, and every checkpoint holds.</param>
/// <param name="FirstBrokenSequence">The first sequence that no longer matches; null when the chain is intact.</param>
/// <param name="Checked">How many links were recomputed and compared.</param>
/// <param name="Pending">Events newer than the chain's head, not linked yet (the chain projection catches up within moments).</param>
/// <param name="HeadSequence">The sequence of the last link checked.</param>
/// <param name="HeadHash">The last link's hash (lower-case hex SHA-256).</param>
/// <param name="Checkpoints">How the signed checkpoints fared.</param>
/// <param name="Breaks">Every break found, in sequence order (at most 100).</param>
/// <param name="EventsPerSecond">The rate of this verification: links checked per second.</param>
/// <param name="Seconds">How long this verification took.</param>
/// <param name="PublicKey">The Ed25519 public key (base64) that signs new checkpoints.</param>
public sealed record AuditVerification(
    bool Intact,
    long? FirstBrokenSequence,
    long Checked,
    long Pending,
    long HeadSequence,
    string HeadHash,
    CheckpointVerification Checkpoints,
    IReadOnlyList<ChainBreak> Breaks,
    double EventsPerSecond,
    double Seconds,
    string PublicKey);

/// <summary>
/// Recomputes every link from the rows in <c>mt_events</c> and compares it with the stored link, one event at a time:
/// after a mismatch it carries on from the stored link, so each break is reported where it is (up to
/// <see cref="MaxBreaks"/>) rather than every later link failing with it. The stored chain is itself checked against
/// the signed checkpoints, so rewriting the links to fit altered events shows up at the next checkpoint.
/// Streams events and links side by side (two connections), so memory stays flat however long the ledger is.
/// </summary>
public static class ChainVerifier
{
    public const int MaxBreaks = 100;

    public static async Task<AuditVerification> VerifyAsync(IDocumentStore store, AuditSigner signer, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var database = store.Storage.Database;
        var schema = AuditTables.Schema(store);
        await using var events = database.CreateConnection(ConnectionUsage.Read);
        await using var links = database.CreateConnection(ConnectionUsage.Read);
        await events.OpenAsync(ct);
        await links.OpenAsync(ct);

        var head = await ScalarAsync(links, $"select coalesce(max(id), 0) from {AuditTables.Links(store)}", ct);
        var pending = await ScalarAsync(events, $"select count(*) from {CanonicalEvent.Table(schema)} where {CanonicalEvent.InChain} and e.seq_id > {head}", ct);
        var checkpoints = await CheckpointsAsync(store, ct);
        var trusted = signer.TrustedKeys;

        var breaks = new List<ChainBreak>();
        void Break(long sequence, string problem)
        {
            if (breaks.Count < MaxBreaks) breaks.Add(new ChainBreak(sequence, problem));
        }

        var previous = CanonicalEvent.Genesis;
        long count = 0, checkpointsValid = 0;
        long? firstInvalidCheckpoint = null;
        await using var storedLinks = new NpgsqlCommand($"select id, data ->> 'hash' from {AuditTables.Links(store)} where id <= $1 order by id", links);
        storedLinks.Parameters.Add(new NpgsqlParameter<long> { TypedValue = head });
        await using var linkReader = await storedLinks.ExecuteReaderAsync(ct);
        var hasLink = await linkReader.ReadAsync(ct);
        await using var rows = CanonicalEvent.ReadRangeAsync(events, schema, 1, head, ct).GetAsyncEnumerator(ct);
        var hasRow = await rows.MoveNextAsync();
        while (hasLink || hasRow)
        {
            var linkSequence = hasLink ? linkReader.GetInt64(0) : long.MaxValue;
            var rowSequence = hasRow ? rows.Current.Sequence : long.MaxValue;
            if (rowSequence < linkSequence)
            {
                Break(rowSequence, "An event that is not in the chain: it was written below the head after its position had been chained.");
                hasRow = await rows.MoveNextAsync();
                continue;
            }

            var stored = Convert.FromHexString(linkReader.GetString(1));
            count++;
            if (rowSequence > linkSequence)
                Break(linkSequence, "The event is missing: its row was deleted (or its type made a tombstone).");
            else if (!CanonicalEvent.Link(previous, rows.Current.Digest()).AsSpan().SequenceEqual(stored))
                Break(linkSequence, "The event no longer matches its link: its row (data, metadata, time, stream or type) was altered, or the link was.");
            // On from the stored link: every later link is judged on its own event.
            previous = stored;

            if (checkpoints.TryGetValue(linkSequence, out var checkpoint))
            {
                var problem = CheckpointProblem(checkpoint, stored, count, trusted);
                if (problem is null) checkpointsValid++;
                else
                {
                    firstInvalidCheckpoint ??= linkSequence;
                    Break(linkSequence, problem);
                }
            }
            if (rowSequence == linkSequence) hasRow = await rows.MoveNextAsync();
            hasLink = await linkReader.ReadAsync(ct);
        }

        foreach (var orphan in checkpoints.Keys.Where(s => s > head))
            Break(orphan, "A checkpoint beyond the chain's head: links after it were deleted.");
        breaks.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        var seconds = clock.Elapsed.TotalSeconds;
        return new AuditVerification(breaks.Count == 0, breaks.FirstOrDefault()?.Sequence, count, pending, head, CanonicalEvent.Hex(previous),
            new CheckpointVerification(checkpoints.Count, checkpointsValid, firstInvalidCheckpoint), breaks,
            seconds > 0 ? Math.Round(count / seconds, 1) : 0, Math.Round(seconds, 3), signer.PublicKey);
    }

    private static string? CheckpointProblem(AuditCheckpoint checkpoint, byte[] storedLink, long links, IReadOnlySet<string> trusted)
    {
        if (!checkpoint.HasValidSignature()) return "The checkpoint's signature does not verify: the checkpoint was altered.";
        if (!trusted.Contains(checkpoint.PublicKey)) return $"The checkpoint is signed by {checkpoint.PublicKey}, which is not a trusted key.";
        if (!string.Equals(checkpoint.HeadHash, CanonicalEvent.Hex(storedLink), StringComparison.Ordinal))
            return "The chain no longer reaches the signed checkpoint's head hash: events and links before it were rewritten.";
        if (checkpoint.Events != links) return $"The signed checkpoint counts {checkpoint.Events} events up to here; the chain now has {links}.";
        return null;
    }

    // One per CheckpointEvery events at most: few enough to hold.
    private static async Task<Dictionary<long, AuditCheckpoint>> CheckpointsAsync(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        var all = await session.Query<AuditCheckpoint>().ToListAsync(ct);
        return all.ToDictionary(c => c.Id);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }
}

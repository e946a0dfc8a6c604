using System.Globalization;
using System.Text;
using Marten.Storage;

namespace ClaimsLedger.Api.Audit;

/// <summary>One link of a proof: the event's digest (SHA-256 of its canonical bytes) and the link it makes.</summary>
/// <param name="Sequence">The event's global sequence.</param>
/// <param name="EventDigest">SHA-256 of the event's canonical bytes (lower-case hex).</param>
/// <param name="Hash">The link: SHA-256(previous link ‖ event digest), lower-case hex.</param>
public sealed record ProofLink(long Sequence, string EventDigest, string Hash);

/// <summary>
/// Everything needed to check one event offline (<c>tools/verify-proof.py</c>): its canonical bytes, the link before it,
/// the links from it to the next checkpoint, and that checkpoint with its signature.
/// Check: SHA-256(<c>canonical</c> as UTF-8) = <c>links[0].eventDigest</c>; starting from <c>previousHash</c>, each
/// <c>hash</c> = SHA-256(previous ‖ eventDigest); the last hash is the checkpoint's <c>headHash</c> at its
/// <c>sequence</c>; and the checkpoint's signature verifies under a public key you trust.
/// </summary>
/// <param name="Format">The proof's format: <c>claimsledger.proof.v1</c>.</param>
/// <param name="Sequence">The sequence of the event proven.</param>
/// <param name="Canonical">The event's canonical bytes (format <c>claimsledger.event.v1</c>) as UTF-8 text.</param>
/// <param name="PreviousHash">The link before the event (32 zero bytes in hex for the first event).</param>
/// <param name="Links">The links from the event to the checkpoint's sequence, in order.</param>
/// <param name="Checkpoint">The signed checkpoint that seals the event: the first at or after its sequence.</param>
public sealed record EventProof(string Format, long Sequence, string Canonical, string PreviousHash, IReadOnlyList<ProofLink> Links, CheckpointView Checkpoint)
{
    public const string Version = "claimsledger.proof.v1";
}

public static class GetEventProofEndpoint
{
    /// <summary>
    /// Proves an event's inclusion: its canonical bytes and the chain from it to the next signed checkpoint, checkable
    /// offline with <c>tools/verify-proof.py</c>. 404 for a sequence not in the chain; 409 while no checkpoint seals it yet.
    /// </summary>
    [WolverineGet("/api/audit/events/{sequence}/proof", OperationId = "GetEventProof")]
    [Tags("Audit")]
    [ProducesResponseType<EventProof>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Get(string sequence, IQuerySession session, CancellationToken ct)
    {
        // Read here, not bound as a long: Wolverine answers a route value it cannot parse with a bare 404 that names
        // nothing ('abc', '1.5', past long.MaxValue), where any sequence not in the chain is a 404 naming it.
        if (!long.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            return Problems.Invalid("sequence", "is no event's sequence: a whole number, at most 9223372036854775807.", StatusCodes.Status404NotFound);
        if (await session.LoadAsync<AuditLink>(at, ct) is null) return Problems.NotFound("sequence", $"A chained event at sequence {at}");
        return await ProveAsync(at, session, ct);
    }

    private static async Task<IResult> ProveAsync(long sequence, IQuerySession session, CancellationToken ct)
    {
        var checkpoint = await session.Query<AuditCheckpoint>().Where(c => c.Id >= sequence).OrderBy(c => c.Id).FirstOrDefaultAsync(ct);
        if (checkpoint is null)
            return Problems.Conflict($"Event {sequence} is chained but no checkpoint seals it yet; one comes with the next checkpoint, or ask for one with POST /api/audit/checkpoints.");
        var before = await session.Query<AuditLink>().Where(l => l.Id < sequence).OrderByDescending(l => l.Id).FirstOrDefaultAsync(ct);
        var links = await session.Query<AuditLink>().Where(l => l.Id >= sequence && l.Id <= checkpoint.Id).OrderBy(l => l.Id).ToListAsync(ct);

        var rows = new Dictionary<long, CanonicalEvent>();
        await using (var connection = session.Database.CreateConnection(ConnectionUsage.Read))
        {
            await connection.OpenAsync(ct);
            await foreach (var row in CanonicalEvent.ReadRangeAsync(connection, AuditTables.Schema(session.DocumentStore), sequence, checkpoint.Id, ct))
                rows[row.Sequence] = row;
        }
        if (links.FirstOrDefault(l => !rows.ContainsKey(l.Id)) is { } missing)
            return Problems.Conflict($"The event at sequence {missing.Id} is missing, so the chain is broken there; GET /api/audit/verify says more.");

        var proofLinks = links.Select(l => new ProofLink(l.Id, CanonicalEvent.Hex(rows[l.Id].Digest()), l.Hash)).ToList();
        return Results.Ok(new EventProof(EventProof.Version, sequence, Encoding.UTF8.GetString(rows[sequence].Bytes()),
            before?.Hash ?? CanonicalEvent.Hex(CanonicalEvent.Genesis), proofLinks, CheckpointView.From(checkpoint)));
    }
}

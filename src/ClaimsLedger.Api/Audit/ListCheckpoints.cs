namespace ClaimsLedger.Api.Audit;

/// <summary>A page of signed checkpoints, oldest first, with the key that signs new ones.</summary>
/// <param name="PublicKey">The Ed25519 public key (base64, 32 bytes) that signs new checkpoints.</param>
/// <param name="Items">The checkpoints on this page, oldest first.</param>
/// <param name="Page">This page's number, from 1.</param>
/// <param name="PageSize">Checkpoints per page.</param>
/// <param name="Total">How many checkpoints there are in all.</param>
public sealed record CheckpointPage(string PublicKey, IReadOnlyList<CheckpointView> Items, int Page, int PageSize, long Total);

/// <summary>
/// A signed checkpoint as served: check <c>signature</c> (Ed25519, base64) against <c>publicKey</c> over the UTF-8 bytes
/// <c>claimsledger.checkpoint.v1\nseq:{sequence}\nhead:{headHash}\ntime:{time}\nevents:{events}\n</c>.
/// </summary>
/// <param name="Sequence">The sequence of the last event the checkpoint covers.</param>
/// <param name="HeadHash">The chain's link at that sequence (lower-case hex SHA-256).</param>
/// <param name="Time">Record time of the event at that sequence (UTC, microseconds), not a clock reading.</param>
/// <param name="Events">How many events the chain holds up to and including that sequence.</param>
/// <param name="PublicKey">The Ed25519 public key (base64, 32 bytes) that signed it.</param>
/// <param name="Signature">The Ed25519 signature (base64, 64 bytes) of the checkpoint's signed bytes.</param>
public sealed record CheckpointView(long Sequence, string HeadHash, string Time, long Events, string PublicKey, string Signature)
{
    public static CheckpointView From(AuditCheckpoint c) => new(c.Id, c.HeadHash, c.Time, c.Events, c.PublicKey, c.Signature);
}

public static class ListCheckpointsEndpoint
{
    /// <summary>
    /// Lists the signed checkpoints, oldest first, a page at a time, with the public key that signs new ones: keep them
    /// somewhere the ledger's operator cannot change, to check the chain and proofs against later.
    /// </summary>
    [WolverineGet("/api/audit/checkpoints", OperationId = "ListAuditCheckpoints")]
    [Tags("Audit")]
    [ProducesResponseType<CheckpointPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(int? page, int? pageSize, IQuerySession session, AuditSigner signer, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        var total = await session.Query<AuditCheckpoint>().CountAsync(ct);
        var items = await session.Query<AuditCheckpoint>().OrderBy(c => c.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        return Results.Ok(new CheckpointPage(signer.PublicKey, items.Select(CheckpointView.From).ToList(), p, size, total));
    }
}

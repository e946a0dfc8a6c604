namespace ClaimsLedger.Api.Audit;

/// <summary>A page of signed checkpoints, oldest first, with the key that signs new ones.</summary>
public sealed record CheckpointPage(string PublicKey, IReadOnlyList<CheckpointView> Items, int Page, int PageSize, long Total);

/// <summary>
/// A signed checkpoint as served: check <c>signature</c> (Ed25519, base64) against <c>publicKey</c> over the UTF-8 bytes
/// <c>claimsledger.checkpoint.v1\nseq:{sequence}\nhead:{headHash}\ntime:{time}\nevents:{events}\n</c>.
/// </summary>
public sealed record CheckpointView(long Sequence, string HeadHash, string Time, long Events, string PublicKey, string Signature)
{
    public static CheckpointView From(AuditCheckpoint c) => new(c.Id, c.HeadHash, c.Time, c.Events, c.PublicKey, c.Signature);
}

public static class ListCheckpointsEndpoint
{
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

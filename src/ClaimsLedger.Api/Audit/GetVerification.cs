namespace ClaimsLedger.Api.Audit;

public static class GetVerificationEndpoint
{
    /// <summary>
    /// Recomputes the hash chain from the raw events and checks every signed checkpoint: <c>intact</c>, the
    /// <c>firstBrokenSequence</c> and every break (up to 100), how many links were <c>checked</c> and how fast.
    /// Reads the whole ledger: a minute or so per million events.
    /// </summary>
    [WolverineGet("/api/audit/verify", OperationId = "VerifyAuditChain")]
    [Tags("Audit")]
    [ProducesResponseType<AuditVerification>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(IDocumentStore store, AuditSigner signer, CancellationToken ct) =>
        Results.Ok(await ChainVerifier.VerifyAsync(store, signer, ct));
}

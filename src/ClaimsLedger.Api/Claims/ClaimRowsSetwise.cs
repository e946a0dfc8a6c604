using Marten.Services;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Writes a session's claim documents in one statement (<see cref="ClaimDetails.Rows"/>) instead of Marten's upsert a claim,
/// for the sessions that record many claims at once (a bulk batch: up to 1,000). Marten applies the inline projections
/// before it calls its listeners, so the documents are final here; each carries its stream's version because every claim
/// stream of such a session is fetched for writing first. In the 200k benchmark's bulk load the claims' upserts, one
/// statement each with the claim's served JSON and its list triggers, were the costliest statement (166,659 calls, 35 s).
/// </summary>
public sealed class ClaimRowsSetwise : DocumentSessionListenerBase
{
    public static readonly ClaimRowsSetwise Instance = new();

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
    {
        ClaimDetails.Rows.TakeOver(session);
        return Task.CompletedTask;
    }
}

using Microsoft.AspNetCore.Authorization;

namespace ClaimsLedger.Api.Audit;

public static class GetExportEndpoint
{
    /// <summary>
    /// The whole ledger as NDJSON, streamed: a header line (format, public key), then one line per event in sequence
    /// order with its stream, version, type, record time, metadata, data, chain hash and any checkpoint sealing it.
    /// The <c>import</c> command replays it into an empty ledger. Needs an admin once keys are configured.
    /// </summary>
    [WolverineGet("/api/export", OperationId = "ExportLedger")]
    [Tags("Audit")]
    [Authorize(Policy = AuditAccess.Export)]
    [ProducesResponseType<string>(StatusCodes.Status200OK, LedgerExport.ContentType)]
    public static IResult Get(IDocumentStore store, AuditSigner signer, TimeProvider clock, HttpContext http) =>
        Results.Stream(body => LedgerExport.WriteAsync(store, signer, clock.GetUtcNow(), body, http.RequestAborted), LedgerExport.ContentType,
            fileDownloadName: "claimsledger-export.ndjson");
}

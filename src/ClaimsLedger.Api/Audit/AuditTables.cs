using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Audit;

/// <summary>Where the chain's rows live, for the readers that stream them with plain SQL rather than load documents.</summary>
public static class AuditTables
{
    public static string Schema(IDocumentStore store) => store.Options.Events.DatabaseSchemaName;

    public static string Links(IDocumentStore store) => DocumentTable.Of<AuditLink>(store);

    public static string Checkpoints(IDocumentStore store) => DocumentTable.Of<AuditCheckpoint>(store);
}

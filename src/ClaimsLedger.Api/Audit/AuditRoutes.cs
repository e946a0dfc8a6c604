namespace ClaimsLedger.Api.Audit;

public static class AuditRoutes
{
    public static string Proof(long sequence) => $"/api/audit/events/{sequence}/proof";
}

using ClaimsLedger.Api.Access;
using Microsoft.AspNetCore.Authorization;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Who may read the audit trail. /api/audit/* is for auditors and needs a reader (AccessPolicy's default for reads):
/// a proof or a verification discloses nothing a reader cannot already see. The export hands over the whole ledger at
/// once, so it needs an admin once keys exist, like the reads under /api/admin (AccessPolicy still applies too).
/// </summary>
public static class AuditAccess
{
    public const string Export = "audit-export";

    public static void AddPolicies(AuthorizationOptions options, ApiKeyRing keys) =>
        options.AddPolicy(Export, p => p.RequireAssertion(ctx => !keys.Configured || ctx.User.IsInRole(Roles.Admin)));
}

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// One link of the hash chain, keyed by the event's sequence: <c>SHA-256(previous link ‖ SHA-256(canonical event))</c>
/// in lower-case hex (see <see cref="CanonicalEvent"/>). Written once by <see cref="AuditChainProjection"/>, never updated.
/// </summary>
public sealed class AuditLink
{
    public long Id { get; set; }

    public string Hash { get; set; } = "";
}

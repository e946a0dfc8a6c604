namespace ClaimsLedger.Api.Audit;

/// <summary>
/// One link of the hash chain, keyed by the event's sequence: <c>SHA-256(previous link ‖ SHA-256(canonical event))</c>
/// in lower-case hex (see <see cref="CanonicalEvent"/>). Written once by <see cref="AuditChainProjection"/>, never updated.
/// </summary>
public sealed class AuditLink
{
    public long Id { get; set; }

    public string Hash { get; set; } = "";

    /// <summary>
    /// How the chain writes a batch's links: one statement, inserted (never upserted), so a second link for a sequence fails
    /// the batch as Marten's <c>Insert</c> of each would; one statement a link was a round of planning per event.
    /// </summary>
    public static readonly Postgres.SetUpsert<AuditLink> Rows = Postgres.SetUpsert<AuditLink>.ByLong(l => l.Id);
}

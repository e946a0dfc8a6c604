namespace ClaimsLedger.Api.Provenance;

/// <summary>
/// One passage of a source that a claim rests on or is disputed by. One document per event, so concurrent
/// claims about one source never contend for a shared document (an inline multi-stream document would lose
/// updates under concurrent writers). Keyed by the event's id: under Marten 9's Quick append mode an inline
/// projection sees Sequence = 0 (sequences are assigned by the database on insert), so no sequence here.
/// </summary>
public sealed class SourceClaimLink
{
    public Guid Id { get; set; }
    public string SourceId { get; set; } = "";
    public string ClaimId { get; set; } = "";
    public string Role { get; set; } = "";
    public int Start { get; set; }
    public int End { get; set; }
    public string Quote { get; set; } = "";
    public string Actor { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>How a bulk batch and a rebuild write their links, one statement for many (no columns beyond id and data).</summary>
    public static readonly Postgres.SetUpsert<SourceClaimLink> Rows = Postgres.SetUpsert<SourceClaimLink>.ByGuid(l => l.Id);
}

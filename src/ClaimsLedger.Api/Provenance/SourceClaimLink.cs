namespace ClaimsLedger.Api.Provenance;

/// <summary>
/// One passage of a source that a claim rests on or is disputed by. One document per event, so concurrent
/// claims about one source never contend for a shared document (an inline multi-stream document would lose
/// updates under concurrent writers). Keyed by the event's id: under Marten 9's Quick append mode an inline
/// projection sees Sequence = 0 (sequences are assigned by the database on insert), so no sequence here.
/// The passage's quote is not stored: it is the source's text at [<see cref="Start"/>, <see cref="End"/>) (the evidence check
/// makes it so, and a text never changes), read from the source when the links are served, and a link held it again beside
/// the event and the claim (~130 of its ~440 bytes). Its id is its column alone (<see cref="Postgres.ColumnOnlyAttribute"/>):
/// links are read only by <see cref="GetSourceClaimsEndpoint"/>, which orders by the column and needs no id.
/// </summary>
public sealed class SourceClaimLink
{
    [Postgres.ColumnOnly] public Guid Id { get; set; }
    public string SourceId { get; set; } = "";
    public string ClaimId { get; set; } = "";
    public string Role { get; set; } = "";
    public int Start { get; set; }
    public int End { get; set; }
    public string Actor { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>How a bulk batch and a rebuild write their links, one statement for many (no columns beyond id and data).</summary>
    public static readonly Postgres.SetUpsert<SourceClaimLink> Rows = Postgres.SetUpsert<SourceClaimLink>.ByGuid(l => l.Id);
}

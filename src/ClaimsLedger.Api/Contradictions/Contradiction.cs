using System.Text.Json.Serialization;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// Two claims that cannot both hold: about the same subject, power and dimension in opposite directions, over overlapping
/// valid times, both in force, and supported by independent sources (at least two original publishers between them).
/// Kept by <see cref="ContradictionProjection"/> from the first moment the pair contradicts; it stays (inactive) when that
/// stops, so a resolution and its history are never lost.
/// The pairs are the ledger's most numerous rows (920,000 on the 200k benchmark ledger): their id, subject, standing and
/// detection position are kept in their columns alone (<see cref="ColumnOnlyAttribute"/>), so a pair is read with them
/// through <see cref="StoredContradictions"/>, never Marten's loads, which leave them unset. The rest is stored as an array of
/// its values (<see cref="ContradictionStorage"/>), without what the ledger already holds: the detection time is the
/// detecting event's, and where a standing pair disagrees is what its two claims' codings give
/// (<see cref="ContradictionConflict.Between"/>). Rows of earlier builds hold both, read alike.
/// </summary>
public sealed class Contradiction
{
    [ColumnOnly] public string Id { get; set; } = "";
    [ColumnOnly] public string Subject { get; set; } = "";

    /// <summary>The two claims, in ordinal order of their ids.</summary>
    public List<string> ClaimIds { get; set; } = [];

    /// <summary>Where they disagree: each (power, dimension) they move in opposite directions; none once the pair stops standing.</summary>
    public List<ContradictionConflict> Conflicts { get; set; } = [];

    /// <summary>
    /// Whether the row stores <see cref="Conflicts"/>. The projection stores them only where the claims' codings would not give
    /// them (<see cref="ContradictionBatch"/>: none so far); a pair read without them takes them from its claims, as
    /// <see cref="StoredContradictions"/> does. Any other writer stores them.
    /// </summary>
    [JsonIgnore]
    public bool StoresConflicts { get; set; } = true;

    /// <summary>Whether the two claims contradict now (one retracted, recoded or rejected: no longer).</summary>
    [ColumnOnly] public bool Active { get; set; }

    [ColumnOnly] public bool Resolved { get; set; }

    // Stored only when there is one, as the version only past 0: most pairs are never resolved. (The document is never served.)
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ContradictionResolution? Resolution { get; set; }

    /// <summary>Resolutions recorded (the version of the contradiction's own stream): what If-Match and expectedVersion name.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long Version { get; set; }

    [ColumnOnly] public long DetectedSequence { get; set; }

    /// <summary>
    /// When the pair first contradicted: the record time of the event at <see cref="DetectedSequence"/>, read from the event log
    /// (<see cref="StoredContradictions.LoadManyAsync"/>), not stored again (~40 bytes a pair). Unset in the projection's own
    /// reads, which do not need it.
    /// </summary>
    public DateTimeOffset DetectedAt { get; set; }

    /// <summary>When it last started or stopped standing, or was resolved: its detection until then.</summary>
    [JsonIgnore]
    public DateTimeOffset UpdatedAt => _updatedAt ?? DetectedAt;

    private DateTimeOffset? _updatedAt;

    /// <summary>An event after the detecting one started or stopped the pair, or resolved it.</summary>
    public void UpdatedBy(JasperFx.Events.IEvent e)
    {
        if (e.Sequence != DetectedSequence) _updatedAt = e.Timestamp;
    }

    // Stored only once an event after the detecting one changed the pair: most pairs never change after it.
    [JsonInclude, JsonPropertyName("updatedAt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    internal DateTimeOffset? StoredUpdatedAt
    {
        get => _updatedAt;
        set => _updatedAt = value;
    }

    /// <summary>
    /// A pair read without its conflicts takes them from its claims' codings (<paramref name="claim"/> by id): those of a pair
    /// that stands, none for one that does not. Its claims are always projected with it, so a missing one is a broken ledger.
    /// </summary>
    public void TakeConflictsFrom(Func<string, ContradictionClaim?> claim)
    {
        if (StoresConflicts) return;
        if (!Active)
        {
            Conflicts = [];
            return;
        }
        Conflicts = ContradictionConflict.Between(ClaimOf(ClaimIds[0]), ClaimOf(ClaimIds[1]));

        ContradictionClaim ClaimOf(string id) => claim(id)
            ?? throw new InvalidOperationException($"Contradiction {Id} stands between {ClaimIds[0]} and {ClaimIds[1]}, but {id} was not projected.");
    }

    /// <summary>
    /// Whether the row needs to store <see cref="Conflicts"/>: only when the claims' codings (<paramref name="claim"/> by id)
    /// would not give them back (<see cref="TakeConflictsFrom"/>).
    /// </summary>
    public bool ConflictsNeedStoring(Func<string, ContradictionClaim?> claim) => Active
        ? claim(ClaimIds[0]) is not { } first || claim(ClaimIds[1]) is not { } second || !ContradictionConflict.Between(first, second).SequenceEqual(Conflicts)
        : Conflicts.Count > 0;

    public string Other(string claimId) => ClaimIds[0] == claimId ? ClaimIds[1] : ClaimIds[0];

    /// <summary>How a batch writes its pairs: every column of <see cref="ConfigureMarten"/> and <see cref="ContradictionsConfiguration"/>.</summary>
    public static readonly SetUpsert<Contradiction> Rows = new(c => c.Id,
        SetUpsert<Contradiction>.Of("subject", "varchar", c => c.Subject),
        SetUpsert<Contradiction>.Of("active", "boolean", c => c.Active),
        SetUpsert<Contradiction>.Of("resolved", "boolean", c => c.Resolved),
        SetUpsert<Contradiction>.Of("detected_sequence", "bigint", c => c.DetectedSequence));

    /// <summary>
    /// The lists' indexes, each kept up only by the pairs it lists (a pair is written on every event that changes it, and the
    /// busiest subject holds most of the ledger's pairs). Totals come from <see cref="UnresolvedCount"/>, never from counting
    /// these. A subject's standing pairs in detection order, filtered on resolved inside the index; across subjects, in
    /// detection order (filtered on resolved in the rows: most pairs stand unresolved); the resolved ones, rare and made by
    /// analysts, through their own small index, by subject or not. Boolean columns get no index of their own: one entry a
    /// pair that no list reads alone.
    /// </summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Subject), nameof(Active), nameof(Resolved), nameof(DetectedSequence));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contradiction_subject_standing")
        {
            Columns = ["subject", "detected_sequence", "id"], IncludeColumns = ["resolved"], Predicate = "active",
        });
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contradiction_standing")
        {
            Columns = ["detected_sequence"], Predicate = "active",
        });
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contradiction_resolved")
        {
            Columns = ["detected_sequence", "id"], IncludeColumns = ["subject"], Predicate = "active and resolved",
        });
    }
}

/// <summary>One (power, dimension) on which the first claim (<see cref="Contradiction.ClaimIds"/>[0]) and the second disagree.</summary>
/// <param name="Power">The power both claims move (a power code such as CN or RU).</param>
/// <param name="Dimension">The dimension both claims move.</param>
/// <param name="First">The first claim's direction.</param>
/// <param name="Second">The second claim's direction, the opposite of the first.</param>
public sealed record ContradictionConflict(string Power, Dimension Dimension, Direction First, Direction Second)
{
    /// <summary>
    /// Each (power, dimension) two claims' codings move in opposite directions, by power (ordinal), then dimension: where
    /// they disagree when they contradict (<see cref="ContradictionProjection.Conflicts"/>), <paramref name="first"/> being the
    /// pair's first claim.
    /// </summary>
    public static List<ContradictionConflict> Between(ContradictionClaim first, ContradictionClaim second) => first.Effects
        .Join(second.Effects, x => (x.Power, x.Dimension), y => (y.Power, y.Dimension), (x, y) => (x, y))
        .Where(p => p.x.Direction != p.y.Direction)
        .Select(p => new ContradictionConflict(p.x.Power, p.x.Dimension, p.x.Direction, p.y.Direction))
        .OrderBy(c => c.Power, StringComparer.Ordinal).ThenBy(c => c.Dimension)
        .ToList();
}

/// <summary>How an analyst resolved a contradiction: the latest ContradictionResolved.</summary>
/// <param name="WinningClaimId">The claim that holds.</param>
/// <param name="Actor">Who resolved it.</param>
/// <param name="Reason">Why that claim holds.</param>
/// <param name="RecordedAt">When the resolution was recorded (record time).</param>
public sealed record ContradictionResolution(string WinningClaimId, string Actor, string Reason, DateTimeOffset RecordedAt);

using System.Text.Json.Serialization;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

// What the contradiction projection remembers between batches, derived from events only. Internal to the projection:
// rebuilt with it, never served.

/// <summary>
/// A claim as far as contradictions are concerned: its coding, standing and supporting sources. Its pairs are found by claim
/// (<see cref="Contradiction.ConfigureMarten"/>); documents projected before that still carry a list of them, no longer read.
/// </summary>
public sealed class ContradictionClaim
{
    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";

    // Stored as arrays of their values, as the alignment's claims store theirs (AlignmentClaim).
    [JsonConverter(typeof(ListStoredAsArrays<Effect, EffectStorage>))]
    public List<Effect> Effects { get; set; } = [];

    // Days, mostly: "2023-01-01Z" (StoredInstant; the document is never served).
    [JsonConverter(typeof(StoredInstant))]
    public DateTimeOffset? ValidStart { get; set; }

    [JsonConverter(typeof(StoredInstant))]
    public DateTimeOffset? ValidEnd { get; set; }

    public ClaimStatus Status { get; set; }

    [JsonConverter(typeof(ListStoredAsArrays<Support, Support.Storage>))]
    public List<Support> Supports { get; set; } = [];

    public static readonly SetUpsert<ContradictionClaim> Rows = new(c => c.Id);

    public sealed record Support(string SourceId, string IndependenceKey)
    {
        /// <summary>Stored as <c>["bench-00150", "outlet 56"]</c>.</summary>
        public sealed class Storage() : StringPairStorage<Support>(s => (s.SourceId, s.IndependenceKey), (id, key) => new Support(id, key));
    }

    /// <summary>A claim coded so (no standing, no sources yet): what a new or recoded coding will be listed under and search.</summary>
    public static ContradictionClaim Coded(string id, string subject, IEnumerable<Effect> effects, string? validTime)
    {
        var claim = new ContradictionClaim { Id = id };
        claim.Code(subject, effects, validTime);
        return claim;
    }

    public void Code(string subject, IEnumerable<Effect> effects, string? validTime)
    {
        var valid = Time.ValidTime.TryParse(validTime, out var v) ? v : null;
        (Subject, Effects, ValidStart, ValidEnd) = (subject, effects.ToList(), valid?.Start, valid?.End);
    }

    /// <summary>
    /// The candidate keys the claim is listed under: each (subject, power, dimension, direction) it moves. None without a
    /// bounded valid time: such a claim cannot be shown to overlap another, so it contradicts nothing.
    /// </summary>
    public IEnumerable<string> ListedUnder() => CandidateKeys(e => e.Direction);

    /// <summary>Where the only claims it can contradict are listed: the cells it moves, the other way.</summary>
    public IEnumerable<string> Opposing() => CandidateKeys(e => e.Direction == Direction.Toward ? Direction.Away : Direction.Toward);

    private IEnumerable<string> CandidateKeys(Func<Effect, Direction> direction) => ValidStart is null || ValidEnd is null
        ? []
        : Effects.Select(e => ContradictionCandidate.KeyFor(Subject, e.Power, e.Dimension, direction(e))).Distinct();
}

/// <summary>A source's retraction (its evidence then supports nothing) and the claims it supports.</summary>
public sealed class ContradictionSource
{
    public string Id { get; set; } = "";
    public bool Retracted { get; set; }
    public List<string> ClaimIds { get; set; } = [];

    public static readonly SetUpsert<ContradictionSource> Rows = new(s => s.Id,
        SetUpsert<ContradictionSource>.Of("retracted", "boolean", s => s.Retracted));

    /// <summary>
    /// <see cref="Retracted"/> in a column of its own, for the batch's question "which of these sources are retracted"
    /// (<see cref="ContradictionBatch"/>). Read from the JSON, it decompressed each source's whole list of claims: a source
    /// cited by thousands of claims is hundreds of KB in TOAST, and at 200,000 events that question took 6.3 ms a batch
    /// under single POSTs, finding none. The start-up migration fills the column from the documents. The question is
    /// answered from an index of the retracted ones alone (few, and only a retraction adds one), not by visiting each asked
    /// source's row: those rows were 2.0 ms a batch under the 200k benchmark's single POSTs, again finding none.
    /// </summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Retracted));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contradictionsource_retracted")
        {
            Columns = ["id"], Predicate = "retracted",
        });
    }
}

/// <summary>
/// One claim listed under one (subject, power, dimension, direction) it moves, with its valid time. A claim searches the
/// key of its cells the other way, bounded by its valid time, and loads only the claims found: the few it can contradict, not
/// every claim of a busy subject (which made each new claim cost what the subject holds, and a replay quadratic).
/// </summary>
/// <remarks>Every member is kept in its column alone (<see cref="ColumnOnlyAttribute"/>): the batch's search selects them.</remarks>
public sealed class ContradictionCandidate
{
    [ColumnOnly] public string Id { get; set; } = "";
    [ColumnOnly] public string Key { get; set; } = "";
    [ColumnOnly] public string ClaimId { get; set; } = "";
    [ColumnOnly] public DateTimeOffset ValidStart { get; set; }
    [ColumnOnly] public DateTimeOffset ValidEnd { get; set; }

    public static readonly SetUpsert<ContradictionCandidate> Rows = new(c => c.Id,
        SetUpsert<ContradictionCandidate>.Of("key", "varchar", c => c.Key),
        SetUpsert<ContradictionCandidate>.Of("claim_id", "varchar", c => c.ClaimId),
        SetUpsert<ContradictionCandidate>.Instant("valid_start", c => c.ValidStart),
        SetUpsert<ContradictionCandidate>.Instant("valid_end", c => c.ValidEnd));

    /// <summary>
    /// Every field a search reads, in columns and one index: a search reads the index alone, not each listed claim's JSON (a
    /// busy key lists thousands of claims).
    /// </summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Key), nameof(ClaimId), nameof(ValidStart), nameof(ValidEnd));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contradictioncandidate_key_valid")
        {
            Columns = ["key", "valid_start"], IncludeColumns = ["valid_end", "claim_id"],
        });
    }

    public static string KeyFor(string subject, string power, Dimension dimension, Direction direction) =>
        $"{subject}|{power}|{dimension}|{direction}";

    public static string IdFor(string key, string claimId) => $"{key}|{claimId}";

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => ValidStart < end && start < ValidEnd;
}

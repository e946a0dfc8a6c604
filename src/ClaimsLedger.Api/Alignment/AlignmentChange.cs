using System.Text.Json.Serialization;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// One event's effect on one subject: which claims' contributions moved (before → after) and how the
/// subject's scores moved. Written by <see cref="AlignmentProjection"/> only when some contribution moved,
/// so a regrade of a source with no claims here is not a change. History, diffs and as-of reads read these.
/// </summary>
public sealed class AlignmentChange : IJsonOnDeserialized
{
    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";
    public long Sequence { get; set; }

    /// <summary>When the change was recorded: its event's timestamp, or a later one's before it in the ledger (<see cref="AlignmentClock"/>).</summary>
    public DateTimeOffset Timestamp { get; set; }

    public string EventType { get; set; } = "";

    // What the event names and carries, each stored only when there is one (a claim's event names no source, few carry a
    // reason). The document is never served: history entries and the change feed are views of it.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ClaimId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SourceId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Actor { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CorrelationId { get; set; }

    public List<ScoreChange> Changes { get; set; } = [];

    [JsonIgnore]
    public List<ContributionChange> Deltas { get; set; } = [];

    /// <summary>
    /// How <see cref="Deltas"/> are stored: a delta of the change's own claim (every delta of a claim's event) without the
    /// claim's id, no derived move, no empty publication steps of a side that contributes nothing, each as an array of its
    /// values (<see cref="DeltaStorage"/>). <see cref="ValidTimeTotals"/> reads the power, valid time, before and after of
    /// each in SQL.
    /// </summary>
    [JsonInclude, JsonPropertyName("deltas"), JsonConverter(typeof(ListStoredAsArrays<StoredDelta, DeltaStorage>))]
    internal List<StoredDelta> StoredDeltas
    {
        get => Deltas.Select(d => new StoredDelta(d.ClaimId == ClaimId ? null : d.ClaimId, d.Power, d.Dimension, d.Before, d.After, d.ValidStart,
            d.ValidEnd)
        {
            BeforeSteps = Stored(d.BeforeSteps, d.Before), AfterSteps = Stored(d.AfterSteps, d.After),
        }).ToList();
        set => _storedDeltas = value;
    }

    private List<StoredDelta>? _storedDeltas;

    // No steps and steps that are empty count the same for a side that contributes nothing (PublicationSteps.ValueAt: 0 either way).
    private static IReadOnlyList<PublicationStep>? Stored(IReadOnlyList<PublicationStep>? steps, decimal value) =>
        steps is { Count: 0 } && value == 0 ? null : steps;

    /// <summary>The stored deltas take the change's claim, whatever order the JSON's members came in.</summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        if (_storedDeltas is null) return;
        Deltas = _storedDeltas.Select(d => new ContributionChange(d.ClaimId ?? ClaimId ?? "", d.Power, d.Dimension, d.Before, d.After, d.ValidStart,
            d.ValidEnd) { BeforeSteps = d.BeforeSteps, AfterSteps = d.AfterSteps }).ToList();
        _storedDeltas = null;
    }

    /// <summary>
    /// A <see cref="ContributionChange"/> as stored (<see cref="DeltaStorage"/>). Rows of earlier builds hold each as an object,
    /// some with the claim and the move too, read alike.
    /// </summary>
    internal sealed record StoredDelta(string? ClaimId, string Power, Vocabulary.Dimension Dimension, decimal Before, decimal After,
        DateTimeOffset? ValidStart, DateTimeOffset? ValidEnd)
    {
        public IReadOnlyList<PublicationStep>? BeforeSteps { get; init; }

        public IReadOnlyList<PublicationStep>? AfterSteps { get; init; }
    }

    /// <summary>
    /// Whether some score moved. A change can move contributions without moving a score: a recoded valid time, or (with
    /// publication steps) evidence that only matters to an earlier publication cut-off. Such a change is kept for the reads
    /// that see it (valid-time windows, publishedBy) but is not an entry of the plain history.
    /// </summary>
    public bool MovesScores { get; set; }

    /// <summary>
    /// This change's number in the subject's history, 1 for the first that moved a score, so a history page is read by its
    /// numbers however deep it lies; null for a change that moved none, and for changes projected before entries were
    /// numbered (a rebuild of Alignment numbers them).
    /// </summary>
    public long? Entry { get; set; }

    // The subject's counts after the change, so an as-of read replays them without recounting contributions.
    public int ClaimCount { get; set; }
    public int ContributionCount { get; set; }

    /// <summary>Contributions per power after the change, for the powers it touched.</summary>
    public Dictionary<string, int> PowerContributions { get; set; } = new(StringComparer.Ordinal);

    public static string IdFor(string subject, long sequence) => $"{subject}:{sequence}";

    /// <summary>How a batch writes its changes: every column of <see cref="ConfigureMarten"/>.</summary>
    public static readonly SetUpsert<AlignmentChange> Rows = new(c => c.Id,
        SetUpsert<AlignmentChange>.Of("subject", "varchar", c => c.Subject),
        SetUpsert<AlignmentChange>.Of("sequence", "bigint", c => c.Sequence),
        SetUpsert<AlignmentChange>.Instant("timestamp", c => c.Timestamp),
        SetUpsert<AlignmentChange>.Of("moves_scores", "boolean", c => c.MovesScores),
        SetUpsert<AlignmentChange>.Of("entry", "bigint", c => c.Entry));

    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Subject), nameof(Sequence), nameof(Timestamp), nameof(MovesScores), nameof(Entry));
        AlignmentConfiguration.SubjectThen(mapping, "sequence");
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_alignmentchange_history_entry")
        {
            Columns = ["subject", "entry"],
            Predicate = "entry is not null",
        });
        // A history page's ids in order, its count and its record-time window straight from the index, no document read.
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_alignmentchange_history")
        {
            Columns = ["subject", "moves_scores", "sequence", "timestamp", "id"],
        });
    }
}

/// <summary>A score cell of the subject before and after the event (<see cref="ScoreCell.DimensionName"/>: "overall" for the power's total).</summary>
/// <param name="Power">The power whose score moved.</param>
/// <param name="Dimension">The score's column: <c>overall</c> or a dimension (lower case).</param>
/// <param name="Before">The score before the event.</param>
/// <param name="After">The score after the event.</param>
public sealed record ScoreChange(string Power, string Dimension, decimal Before, decimal After);

/// <summary>One claim's contribution to one cell before and after; After is the whole new value, Delta the move.</summary>
public sealed record ContributionChange(string ClaimId, string Power, Vocabulary.Dimension Dimension, decimal Before, decimal After,
    DateTimeOffset? ValidStart, DateTimeOffset? ValidEnd)
{
    public decimal Delta => After - Before;

    /// <summary>The contribution at each publication cut-off, before and after: a publication cut-off replays these.</summary>
    public IReadOnlyList<PublicationStep>? BeforeSteps { get; init; }

    public IReadOnlyList<PublicationStep>? AfterSteps { get; init; }

    /// <summary>How much the change moved the contribution when only evidence published by the cut-off counts.</summary>
    public decimal DeltaPublishedBy(DateTimeOffset cutOff) =>
        PublicationSteps.ValueAt(AfterSteps, After, cutOff) - PublicationSteps.ValueAt(BeforeSteps, Before, cutOff);

    /// <summary>A contribution replaced (either side may be none: it starts, or it ends); the valid time is the side that exists, the new one first.</summary>
    public static ContributionChange Between(ClaimContribution? was, ClaimContribution? now)
    {
        var c = now ?? was ?? throw new ArgumentException("A change needs a contribution before or after.");
        return new ContributionChange(c.ClaimId, c.Power, c.Dimension, was?.Contribution ?? 0, now?.Contribution ?? 0, c.ValidStart, c.ValidEnd)
        {
            BeforeSteps = was is null ? [] : was.Steps, AfterSteps = now is null ? [] : now.Steps,
        };
    }
}

/// <summary>
/// A subject's score cells after some change, kept every <see cref="Interval"/> changes so an as-of read starts from
/// the nearest snapshot and replays at most Interval − 1 changes, however long the history. Only the cells: a
/// snapshot's size does not grow with the subject's claims, so snapshots grow linearly with the events.
/// </summary>
public sealed class AlignmentSnapshot
{
    /// <summary>
    /// Every 10th change: an as-of read replays at most 9 changes after its snapshot (50 cost 1.3 ms of PostgreSQL per read
    /// at 20k events, reading 33 changes on average). Snapshots are cells only, ~1.7 KB each: 0.2 % of the database.
    /// </summary>
    public const int Interval = 10;

    /// <summary>Written setwise (<see cref="SetUpsert{T}"/>), as the changes they follow are.</summary>
    public static readonly SetUpsert<AlignmentSnapshot> Rows = new(s => s.Id,
        SetUpsert<AlignmentSnapshot>.Of("subject", "varchar", s => s.Subject),
        SetUpsert<AlignmentSnapshot>.Of("sequence", "bigint", s => s.Sequence),
        SetUpsert<AlignmentSnapshot>.Instant("timestamp", s => s.Timestamp));

    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";
    public long Sequence { get; set; }

    /// <summary>The record time of the change it follows (<see cref="AlignmentClock"/>).</summary>
    public DateTimeOffset Timestamp { get; set; }

    public AlignmentCells Cells { get; set; } = new();

    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Subject), nameof(Sequence), nameof(Timestamp));
        // The report's chart reads a subject's snapshots up to a record time in sequence order: the timestamp in the index keeps
        // that scan out of the table. An as-of read wants only the last snapshot by a record time: one probe of the second.
        // "timestamp" quoted as PostgreSQL prints it back: unquoted, the start-up migration saw a different index every time and
        // dropped and built it again at each start.
        AlignmentConfiguration.SubjectThen(mapping, "sequence", "\"timestamp\"");
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_alignmentsnapshot_subject_timestamp")
        {
            Columns = ["subject", "timestamp", "sequence"],
        });
    }
}

using System.Text.Json.Serialization;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// One contribution's value over a stretch of the event log: it holds from event <see cref="FromSequence"/> until (not
/// including) event <see cref="UntilSequence"/>, or still holds when that is null. When a contribution changes, its span is
/// closed and a new one opened, so the rows grow with the changes (linearly), and a subject's contributions at any
/// position are the spans covering it: the top few by <see cref="Weight"/> or one page, found through an index.
/// </summary>
/// <remarks>
/// Every member but the dimension and the steps is kept in its column alone (<see cref="ColumnOnlyAttribute"/>): the readers
/// select columns (<see cref="AlignmentReader"/>), never the document. The dimension is not stored at all: the id names it
/// (<see cref="KeyOf"/>), which is where every reader takes it from. The JSON is the steps alone.
/// </remarks>
public sealed class ContributionSpan
{
    [ColumnOnly] public string Id { get; set; } = "";
    [ColumnOnly] public string Subject { get; set; } = "";
    [ColumnOnly] public string ClaimId { get; set; } = "";
    [ColumnOnly] public string Power { get; set; } = "";
    [JsonIgnore] public Dimension Dimension { get; set; }
    [ColumnOnly] public decimal Contribution { get; set; }

    /// <summary>|Contribution|: the order "top contributions" are listed in.</summary>
    [ColumnOnly] public decimal Weight { get; set; }

    [ColumnOnly] public DateTimeOffset? ValidStart { get; set; }
    [ColumnOnly] public DateTimeOffset? ValidEnd { get; set; }
    [ColumnOnly] public long FromSequence { get; set; }
    [ColumnOnly] public long? UntilSequence { get; set; }

    /// <summary>The contribution at each publication cut-off (none stored: the contribution itself at every cut-off).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<PublicationStep>? Steps { get; set; }

    public static ContributionSpan Open(string subject, ClaimContribution c) => new()
    {
        Id = IdOf(c), Subject = subject, ClaimId = c.ClaimId, Power = c.Power, Dimension = c.Dimension,
        Contribution = c.Contribution, Weight = Math.Abs(c.Contribution), ValidStart = c.ValidStart, ValidEnd = c.ValidEnd, FromSequence = c.Since,
        Steps = c.Steps?.ToList(),
    };

    /// <summary>The span holding this contribution's value since it last changed.</summary>
    public static string IdOf(ClaimContribution c) => $"{c.Key}@{c.Since}";

    /// <summary>The claim, power and dimension a span's id names (<see cref="IdOf"/>; claim ids and powers hold no '|' or '@').</summary>
    public static (string ClaimId, string Power, Dimension Dimension) KeyOf(string spanId)
    {
        var parts = spanId[..spanId.LastIndexOf('@')].Split('|');
        return parts.Length == 3 && Enum.TryParse<Dimension>(parts[2], out var dimension)
            ? (parts[0], parts[1], dimension)
            : throw new FormatException($"'{spanId}' is not a contribution span's id.");
    }

    /// <summary>
    /// Closes spans written by earlier batches in one statement, rather than writing each document again: a regrade re-scores
    /// every claim on the source, and rewriting each closed span doubled what such a batch held in memory and sent.
    /// Only <see cref="UntilSequence"/> changes, in its column (the JSON does not hold it).
    /// </summary>
    public static void QueueClose(IDocumentOperations ops, IReadOnlyDictionary<string, long> untilById)
    {
        if (untilById.Count == 0) return;
        var table = DocumentTable.Of<ContributionSpan>(ops.DocumentStore);
        ops.QueueSqlCommand($"""
            update {table} as s
            set until_sequence = c.until
            from unnest(?::varchar[], ?::bigint[]) as c(id, until)
            where s.id = c.id
            """, untilById.Keys.ToArray(), untilById.Values.ToArray());
    }

    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(Subject), nameof(Weight), nameof(FromSequence), nameof(UntilSequence));
        // Heaviest first, covering a position: the span's sequences and id ride in the index, so the walk to the first spans in
        // force at an early position reads no heap page for the ones it passes (at 200k events, 2,300 of them for an instant
        // early in the hot subject's history: 2.8 ms through the heap, 0.6 ms from the index alone). Its value rides too, so an
        // as-of read's heaviest contributions come from the index alone (the id names the claim, power and dimension).
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contributionspan_subject_weight")
        {
            Columns = ["subject", "weight"],
            IncludeColumns = ["from_sequence", "until_sequence", "id", "contribution"],
        });
        // Carried in one (subject, from_sequence) index: the report's valid-time chart sums them per power and range from the
        // index alone. Read out of the JSON, they cost half a second of PostgreSQL per report of a 37,000-claim subject; from
        // the heap, a tenth of that. The weight and id ride too: when few contributions are in force at an as-of read's
        // position, it sorts the heaviest out of the spans opened by then, through this index alone (AlignmentReader.AsOfRow).
        PlainColumns.Add(mapping, nameof(Power), nameof(Contribution), nameof(ValidStart), nameof(ValidEnd));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_contributionspan_valid_time_chart")
        {
            Columns = ["subject", "from_sequence"],
            IncludeColumns = ["until_sequence", "power", "contribution", "valid_start", "valid_end", "weight", "id"],
        });
    }

    /// <summary>How a batch writes the spans it opens: every column of <see cref="ConfigureMarten"/> and the claim id's.</summary>
    public static readonly SetUpsert<ContributionSpan> Rows = new(s => s.Id,
        SetUpsert<ContributionSpan>.Of("subject", "varchar", s => s.Subject),
        SetUpsert<ContributionSpan>.Of("weight", "numeric", s => s.Weight),
        SetUpsert<ContributionSpan>.Of("from_sequence", "bigint", s => s.FromSequence),
        SetUpsert<ContributionSpan>.Of("until_sequence", "bigint", s => s.UntilSequence),
        SetUpsert<ContributionSpan>.Of("power", "varchar", s => s.Power),
        SetUpsert<ContributionSpan>.Of("contribution", "numeric", s => s.Contribution),
        SetUpsert<ContributionSpan>.Instant("valid_start", s => s.ValidStart),
        SetUpsert<ContributionSpan>.Instant("valid_end", s => s.ValidEnd),
        SetUpsert<ContributionSpan>.Of("claim_id", "varchar", s => s.ClaimId));
}

using System.Text.Json.Serialization;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>The read model of one claim (GET /api/claims/{id}), kept by <see cref="ClaimDetailsProjection"/>.</summary>
public sealed class ClaimDetails
{
    /// <summary>The claim's deterministic id: <c>clm-</c> and hex digits derived from subject, effects, statement and valid time.</summary>
    public string Id { get; set; } = "";

    /// <summary>The country (ISO 3166-1 alpha-2, upper case) or region (<c>CENTRAL_ASIA</c>, <c>SOUTH_CAUCASUS</c>) the claim is about.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The claim in one sentence, as first recorded.</summary>
    public string Statement { get; set; } = "";

    /// <summary>How the claim moves its subject relative to each power; one per power and dimension.</summary>
    [StoredAsArrays(typeof(EffectStorage))]
    public List<Effect> Effects { get; set; } = [];

    /// <summary>When the claim holds in the world: a year, month, day or a range (<c>2022/2024</c>); null when not tied to a time.</summary>
    public string? ValidTime { get; set; }

    /// <summary>The figure the claim rests on; null when there is none.</summary>
    [Postgres.StoredWhenSet]
    public Quantity? Quantity { get; set; }

    /// <summary>Where the claim stands; only recorded and accepted claims count towards scores.</summary>
    public ClaimStatus Status { get; set; }

    /// <summary>How sure the ledger is of the claim, from 0 to 1, after any revision; it multiplies every contribution.</summary>
    public double Confidence { get; set; }

    /// <summary>Who proposed the claim: <c>analyst:&lt;actor&gt;</c> (sent through the API), <c>curated:seeds</c> (the seed corpus) or <c>extractor:&lt;name&gt;@&lt;version&gt;</c> (proposed by the extractor).</summary>
    public string Origin { get; set; } = "";

    /// <summary>Every passage that supports the claim, oldest first: the first evidence, then each corroboration.</summary>
    [StoredAsArrays(typeof(EvidenceStorage))]
    public List<ClaimEvidence> Sources { get; set; } = [];

    /// <summary>Every dispute of the claim, oldest first; empty when nobody has contested it.</summary>
    [Postgres.StoredWhenSet]
    public List<ClaimContestation> Contestations { get; set; } = [];

    /// <summary>An analyst disputes the claim without citing a source (contestations with evidence are voices of their own).</summary>
    public bool Disputed => Contestations.Any(c => c.SourceId is null);

    /// <summary>Distinct original publishers behind the evidence: syndicated copies of one article are one voice.</summary>
    public int IndependentSourceCount { get; set; }

    /// <summary>The latest review (accepted or rejected, by whom and why); null when the claim has not been reviewed.</summary>
    [Postgres.StoredWhenSet]
    public ClaimReview? LastReview { get; set; }

    /// <summary>Every review, oldest first: a rejection and a later acceptance both stay on record.</summary>
    [Postgres.StoredWhenSet]
    public List<ClaimReview> Reviews { get; set; } = [];

    /// <summary>Why the claim was retracted; null unless its status is retracted.</summary>
    [Postgres.StoredWhenSet]
    public string? RetractionReason { get; set; }

    /// <summary>Each change of the claim's coding (subject, effects, valid time), oldest first.</summary>
    [Postgres.StoredWhenSet]
    public List<ClaimRecoding> Recodings { get; set; } = [];

    /// <summary>The newer claim that replaced this one, once it is superseded.</summary>
    [Postgres.StoredWhenSet]
    public string? SupersededBy { get; set; }

    /// <summary>The claim this one was merged into as a duplicate.</summary>
    [Postgres.StoredWhenSet]
    public string? MergedInto { get; set; }

    /// <summary>Duplicates merged into this claim, oldest first; their evidence is among <see cref="Sources"/> with role "merged".</summary>
    [Postgres.StoredWhenSet]
    public List<ClaimMerge> Merged { get; set; } = [];

    /// <summary>The actor who first recorded the claim (the API key's name, or X-Actor in local mode).</summary>
    public string RecordedBy { get; set; } = "";

    /// <summary>When the ledger recorded the claim (record time, UTC, ISO 8601), not when it holds.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>When the ledger recorded the claim's latest event (UTC, ISO 8601).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The claim stream's version: the number of its events. It is the ETag; send it as If-Match or expectedVersion.</summary>
    public long Version { get; set; }

    // Denormalized for filtering the claim list in SQL.
    /// <summary>The powers the effects name, each once (what <c>power=</c> filters the list on).</summary>
    public List<string> Powers { get; set; } = [];

    /// <summary>The dimensions the effects name, each once (what <c>dimension=</c> filters the list on).</summary>
    public List<Dimension> Dimensions { get; set; } = [];

    /// <summary>The sources cited as supporting evidence, each once (what <c>sourceId=</c> filters the list on).</summary>
    public List<string> SourceIds { get; set; } = [];

    /// <summary>The list's filters as keys of one indexed column (<see cref="ClaimFilterKeys"/>): stored beside the document, not in it.</summary>
    [JsonIgnore]
    public string[] FilterKeys => ClaimFilterKeys.Of(this);

    /// <summary>The claim as the API serves it, stored beside the document by the same upsert (<see cref="ServedClaimJson"/>).</summary>
    [JsonIgnore]
    public string Served => ServedClaimJson.Render(this);

    /// <summary>The wire's shape <see cref="Served"/> is in, stored beside it.</summary>
    [JsonIgnore]
    public int ServedShape => ServedClaimJson.Shape;

    /// <summary>
    /// What the claim's changeable fields were after each of its events, in stream order (entry i is version i + 1).
    /// With the append-only lists above, which carry their own record times, this is all an as-of read needs.
    /// </summary>
    [NotServed]
    [StoredAsArrays(typeof(RevisionStorage))]
    public List<ClaimRevision> Revisions { get; set; } = [];

    /// <summary>The claim exactly as the ledger held it at a record time; null when it did not exist yet.</summary>
    public ClaimDetails? AsOf(DateTimeOffset instant)
    {
        var count = Revisions.TakeWhile(r => r.RecordedAt <= instant).Count();
        if (count == 0) return null;
        if (count == Revisions.Count) return this;
        var then = Revisions[count - 1];
        var sources = Sources.Where(s => s.RecordedAt <= instant).ToList();
        // The coding then: the first recoding after the instant says what it was before; with none after it, it is today's.
        var recodedLater = Recodings.FirstOrDefault(r => r.RecordedAt > instant);
        var (subject, effects, validTime) = recodedLater is null
            ? (Subject, Effects, ValidTime)
            : (recodedLater.PreviousSubject, recodedLater.PreviousEffects.ToList(), recodedLater.PreviousValidTime);
        return new ClaimDetails
        {
            Id = Id, Subject = subject, Statement = Statement, Effects = effects, ValidTime = validTime,
            Quantity = Quantity, Status = then.Status, Confidence = then.Confidence, Origin = Origin, Sources = sources,
            Contestations = Contestations.Where(c => c.RecordedAt <= instant).ToList(),
            IndependentSourceCount = sources.Select(s => s.IndependenceKey).Distinct().Count(),
            LastReview = then.LastReview, Reviews = Reviews.Where(r => r.RecordedAt <= instant).ToList(), RetractionReason = then.RetractionReason,
            Recodings = Recodings.Where(r => r.RecordedAt <= instant).ToList(), SupersededBy = then.SupersededBy, MergedInto = then.MergedInto,
            Merged = Merged.Where(m => m.RecordedAt <= instant).ToList(),
            RecordedBy = RecordedBy, RecordedAt = RecordedAt, UpdatedAt = then.RecordedAt, Version = count,
            Powers = PowersOf(effects), Dimensions = DimensionsOf(effects),
            SourceIds = sources.Select(s => s.SourceId).Distinct().ToList(), Revisions = Revisions.Take(count).ToList(),
        };
    }

    public static List<string> PowersOf(IEnumerable<Effect> effects) => effects.Select(x => x.Power).Distinct().Order(StringComparer.Ordinal).ToList();

    public static List<Dimension> DimensionsOf(IEnumerable<Effect> effects) => effects.Select(x => x.Dimension).Distinct().Order().ToList();

    /// <summary>
    /// The claim's row written setwise (<see cref="Postgres.SetUpsert{T}"/>), as a rebuild replays claims 500 streams at a time
    /// (<see cref="Admin.StreamReplay"/>): its revision is its version, as Marten writes a projected claim's.
    /// </summary>
    public static readonly Postgres.SetUpsert<ClaimDetails> Rows = new(c => c.Id,
        Postgres.SetUpsert<ClaimDetails>.Of("mt_version", "bigint", c => c.Version),
        Postgres.SetUpsert<ClaimDetails>.Instant("recorded_at", c => c.RecordedAt),
        Postgres.SetUpsert<ClaimDetails>.Of("served", "varchar", c => c.Served),
        Postgres.SetUpsert<ClaimDetails>.Of("served_shape", "integer", c => c.ServedShape),
        Postgres.SetUpsert<ClaimDetails>.Of("subject", "varchar", c => c.Subject),
        Postgres.SetUpsert<ClaimDetails>.Strings("filter_keys", c => c.FilterKeys));

    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_claimdetails_subject_recorded_at") { Columns = ["subject", "recorded_at", "id"] });
        // The list across subjects walks to its page in list order from the index alone. With recorded_at's own index (Marten's
        // Duplicate) each entry passed visited the table for its id and the ids were sorted again within each instant: a page
        // 7,000 claims deep took 59 ms of PostgreSQL on a 20k-event ledger, 1.2–2.5 ms through this index. (Carrying the filter
        // keys in both list indexes made SubjectClaimList's reads of a list's ids index-only, but cost bulk ingest a tenth of
        // its rate and the ledger 3 % more storage.)
        Postgres.PlainColumns.Add(mapping, nameof(RecordedAt));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_claimdetails_recorded_at") { Columns = ["recorded_at", "id"] });
        // Empty once every claim has its filter keys: it lets the start-up backfill find none without reading the table.
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_claimdetails_filter_keys_missing")
        {
            Columns = ["id"],
            Predicate = ClaimFilterKeys.Missing,
        });
        // Plain columns, no index of their own; the partial index is empty once every row's served JSON is this build's.
        Postgres.PlainColumns.Add(mapping, nameof(Served), nameof(ServedShape));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_claimdetails_served_stale")
        {
            Columns = ["id"],
            Predicate = ServedClaimJson.Stale,
        });
    }

    /// <summary>In a command's answer only: the ledger position the command reached (see <see cref="CommandOutcome.Position"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Position { get; set; }

    /// <summary>How a claim command answers: the claim as it stands after the command (its projection is inline).</summary>
    public static async Task<IResult> Respond(CommandOutcome outcome, IQuerySession query, CancellationToken ct)
    {
        var claim = await query.LoadAsync<ClaimDetails>(outcome.StreamId, ct);
        if (claim is not null) claim.Position = outcome.Position;
        return Results.Ok(claim);
    }
}

/// <summary>A passage that supports the claim, as the ledger recorded it.</summary>
/// <param name="SourceId">The source the passage is in (GET /api/sources/{id}).</param>
/// <param name="Role"><c>extracted</c> for the evidence the claim was recorded with, <c>corroborated</c> for evidence added later, <c>merged</c> for evidence a merged duplicate carried over.</param>
/// <param name="Start">Offset of the quote's first character in the source's text, in UTF-16 code units from 0.</param>
/// <param name="End">Offset just past the quote's last character (exclusive), in UTF-16 code units.</param>
/// <param name="Quote">The source's text at [start, end), exactly.</param>
/// <param name="IndependenceKey">The voice the source speaks with: its original publisher (else its carrier), lower case. Syndicated copies share a key and count as one independent source.</param>
/// <param name="Actor">Who cited the passage.</param>
/// <param name="RecordedAt">When the ledger recorded the passage (UTC, ISO 8601).</param>
public sealed record ClaimEvidence(string SourceId, string Role, int Start, int End, string Quote, string IndependenceKey, string Actor, DateTimeOffset RecordedAt);

/// <summary>A dispute of the claim: from a source passage, or from an analyst's own judgement (then the passage fields are null).</summary>
/// <param name="SourceId">The source whose passage contradicts the claim; null for an analyst's judgement without evidence.</param>
/// <param name="Start">Offset of the quote in the source's text, in UTF-16 code units; null without evidence.</param>
/// <param name="End">Offset just past the quote (exclusive), in UTF-16 code units; null without evidence.</param>
/// <param name="Quote">The source's text at [start, end); null without evidence.</param>
/// <param name="Actor">Who contested the claim.</param>
/// <param name="Reason">Why, in the actor's words.</param>
/// <param name="RecordedAt">When the ledger recorded the dispute (UTC, ISO 8601).</param>
public sealed record ClaimContestation(string? SourceId, int? Start, int? End, string? Quote, string Actor, string Reason, DateTimeOffset RecordedAt);

/// <summary>An analyst's review of the claim.</summary>
/// <param name="Decision">The verdict: accepted (the claim counts) or rejected (it does not).</param>
/// <param name="Actor">Who reviewed the claim.</param>
/// <param name="Reason">Why, in the reviewer's words.</param>
/// <param name="RecordedAt">When the ledger recorded the review (UTC, ISO 8601).</param>
public sealed record ClaimReview(ReviewDecision Decision, string Actor, string Reason, DateTimeOffset RecordedAt);

/// <summary>One change of a claim's coding (a ClaimRecoded event): the new coding, the one before, who and why.</summary>
/// <param name="Subject">The subject after the recoding.</param>
/// <param name="Effects">The effects after the recoding.</param>
/// <param name="ValidTime">The valid time after the recoding.</param>
/// <param name="PreviousSubject">The subject before.</param>
/// <param name="PreviousEffects">The effects before.</param>
/// <param name="PreviousValidTime">The valid time before.</param>
/// <param name="Actor">Who recoded the claim.</param>
/// <param name="Reason">Why.</param>
/// <param name="RecordedAt">When (record time).</param>
public sealed record ClaimRecoding(string Subject, IReadOnlyList<Effect> Effects, string? ValidTime, string PreviousSubject,
    IReadOnlyList<Effect> PreviousEffects, string? PreviousValidTime, string Actor, string Reason, DateTimeOffset RecordedAt);

/// <summary>A duplicate merged into this claim (a ClaimsMerged event).</summary>
/// <param name="DuplicateId">The duplicate claim, now status merged.</param>
/// <param name="EvidenceCarried">How many of the duplicate's passages this claim lacked and took over (role merged in sources).</param>
/// <param name="Actor">Who merged the claims.</param>
/// <param name="Reason">Why the two are one.</param>
/// <param name="RecordedAt">When (record time).</param>
public sealed record ClaimMerge(string DuplicateId, int EvidenceCarried, string Actor, string Reason, DateTimeOffset RecordedAt);

/// <summary>
/// The changeable part of a claim after one of its events, and the event itself (its type, actor and reason): one entry per
/// event, so as-of reads and the provenance export (PROV-O) are read from the document, never folded from the events. The
/// coding (subject, effects, valid time) is not repeated here: <see cref="ClaimDetails.Recodings"/> records each change of it
/// with what it was before. Stored only (never served), and without its empty fields: a claim carries one per event.
/// </summary>
public sealed record ClaimRevision(
    DateTimeOffset RecordedAt,
    ClaimStatus Status,
    double Confidence,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClaimReview? LastReview,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RetractionReason)
{
    public string? EventType { get; init; }
    public string? Actor { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? SupersededBy { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? MergedInto { get; init; }
}

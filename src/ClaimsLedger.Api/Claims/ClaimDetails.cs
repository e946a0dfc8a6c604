using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>The read model of one claim (GET /api/claims/{id}), kept by <see cref="ClaimDetailsProjection"/>.</summary>
public sealed class ClaimDetails
{
    public string Id { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Statement { get; set; } = "";
    public List<Effect> Effects { get; set; } = [];
    public string? ValidTime { get; set; }
    public Quantity? Quantity { get; set; }
    public ClaimStatus Status { get; set; }
    public double Confidence { get; set; }
    public string Origin { get; set; } = "";
    public List<ClaimEvidence> Sources { get; set; } = [];
    public List<ClaimContestation> Contestations { get; set; } = [];

    /// <summary>An analyst disputes the claim without citing a source (contestations with evidence are voices of their own).</summary>
    public bool Disputed => Contestations.Any(c => c.SourceId is null);

    /// <summary>Distinct original publishers behind the evidence: syndicated copies of one article are one voice.</summary>
    public int IndependentSourceCount { get; set; }

    public ClaimReview? LastReview { get; set; }
    public string? RetractionReason { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTimeOffset RecordedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; }

    // Denormalized for filtering the claim list in SQL.
    public List<string> Powers { get; set; } = [];
    public List<Dimension> Dimensions { get; set; } = [];
    public List<string> SourceIds { get; set; } = [];

    /// <summary>
    /// What the claim's changeable fields were after each of its events, in stream order (entry i is version i + 1).
    /// With the append-only lists above, which carry their own record times, this is all an as-of read needs.
    /// </summary>
    [NotServed]
    public List<ClaimRevision> Revisions { get; set; } = [];

    /// <summary>The claim exactly as the ledger held it at a record time; null when it did not exist yet.</summary>
    public ClaimDetails? AsOf(DateTimeOffset instant)
    {
        var count = Revisions.TakeWhile(r => r.RecordedAt <= instant).Count();
        if (count == 0) return null;
        if (count == Revisions.Count) return this;
        var then = Revisions[count - 1];
        var sources = Sources.Where(s => s.RecordedAt <= instant).ToList();
        return new ClaimDetails
        {
            Id = Id, Subject = Subject, Statement = Statement, Effects = Effects, ValidTime = ValidTime, Quantity = Quantity,
            Status = then.Status, Confidence = then.Confidence, Origin = Origin, Sources = sources,
            Contestations = Contestations.Where(c => c.RecordedAt <= instant).ToList(),
            IndependentSourceCount = sources.Select(s => s.IndependenceKey).Distinct().Count(),
            LastReview = then.LastReview, RetractionReason = then.RetractionReason, RecordedBy = RecordedBy, RecordedAt = RecordedAt,
            UpdatedAt = then.RecordedAt, Version = count, Powers = Powers, Dimensions = Dimensions,
            SourceIds = sources.Select(s => s.SourceId).Distinct().ToList(), Revisions = Revisions.Take(count).ToList(),
        };
    }

    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping) =>
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_claimdetails_subject_recorded_at") { Columns = ["subject", "recorded_at", "id"] });

    /// <summary>In a command's answer only: the ledger position the command reached (see <see cref="CommandOutcome.Position"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? Position { get; set; }

    /// <summary>How a claim command answers: the claim as it stands after the command (its projection is inline).</summary>
    public static async Task<IResult> Respond(CommandOutcome outcome, IQuerySession query, CancellationToken ct)
    {
        var claim = await query.LoadAsync<ClaimDetails>(outcome.StreamId, ct);
        if (claim is not null) claim.Position = outcome.Position;
        return Results.Ok(claim);
    }
}

public sealed record ClaimEvidence(string SourceId, string Role, int Start, int End, string Quote, string IndependenceKey, string Actor, DateTimeOffset RecordedAt);

public sealed record ClaimContestation(string? SourceId, int? Start, int? End, string? Quote, string Actor, string Reason, DateTimeOffset RecordedAt);

public sealed record ClaimReview(ReviewDecision Decision, string Actor, string Reason, DateTimeOffset RecordedAt);

/// <summary>The changeable part of a claim after one of its events.</summary>
public sealed record ClaimRevision(DateTimeOffset RecordedAt, ClaimStatus Status, double Confidence, ClaimReview? LastReview, string? RetractionReason);

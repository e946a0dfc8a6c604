using ClaimsLedger.Api.Vocabulary;
using ClaimsLedger.Api.Commands;
using Marten;

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

    /// <summary>How a claim command answers: the claim as it stands after the command (its projection is inline).</summary>
    public static async Task<IResult> Respond(CommandOutcome outcome, IQuerySession query, CancellationToken ct) =>
        Results.Ok(await query.LoadAsync<ClaimDetails>(outcome.StreamId, ct));
}

public sealed record ClaimEvidence(string SourceId, string Role, int Start, int End, string Quote, string IndependenceKey, string Actor, DateTimeOffset RecordedAt);

public sealed record ClaimContestation(string? SourceId, int? Start, int? End, string? Quote, string Actor, string Reason, DateTimeOffset RecordedAt);

public sealed record ClaimReview(ReviewDecision Decision, string Actor, string Reason, DateTimeOffset RecordedAt);

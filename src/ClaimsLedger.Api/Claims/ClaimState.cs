namespace ClaimsLedger.Api.Claims;

/// <summary>
/// The write model of a claim: only what its commands decide on. Never served by the API, so it can
/// change freely. Evidence is keyed by (source, start, end) so the same passage is never counted twice.
/// </summary>
public sealed partial record ClaimState(
    string Id,
    ClaimStatus Status,
    double Confidence,
    IReadOnlySet<string> EvidenceKeys,
    IReadOnlySet<string> ContestKeys) : IWriteModel
{
    public static string Kind => "Claim";

    /// <summary>The stream version this state was folded up to; Marten sets it.</summary>
    public long Version { get; set; }

    public static string KeyOf(Evidence e) => $"{e.SourceId}:{e.Start}:{e.End}";

    public static ClaimState Create(ClaimExtracted e) =>
        new(e.ClaimId, e.Status, e.Confidence, new HashSet<string> { KeyOf(e.Evidence) }, new HashSet<string>());

    public ClaimState Apply(ClaimCorroborated e) => this with { EvidenceKeys = new HashSet<string>(EvidenceKeys) { KeyOf(e.Evidence) } };

    public ClaimState Apply(ClaimContested e) =>
        this with { ContestKeys = new HashSet<string>(ContestKeys) { e.Evidence is null ? $"analyst:{e.Actor}" : KeyOf(e.Evidence) } };

    public ClaimState Apply(ClaimConfidenceRevised e) => this with { Confidence = e.Confidence };

    public ClaimState Apply(ClaimReviewed e) =>
        this with { Status = e.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected };

    public ClaimState Apply(ClaimRetracted e) => this with { Status = ClaimStatus.Retracted };

    public bool IsRetracted => Status == ClaimStatus.Retracted;

    public Refusal RetractedRefusal => Refusal.Conflict($"Claim '{Id}' is retracted.");
}

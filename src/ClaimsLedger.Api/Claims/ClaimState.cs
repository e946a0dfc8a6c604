namespace ClaimsLedger.Api.Claims;

/// <summary>
/// The write model of a claim: only what its commands decide on. Never served by the API, so it can
/// change freely. Evidence is keyed by (source, start, end) so the same passage is never counted twice; the
/// evidence and contestations themselves are kept because a merge carries them onto the surviving claim.
/// </summary>
public sealed partial record ClaimState(
    string Id,
    ClaimStatus Status,
    double Confidence,
    string Subject,
    IReadOnlyList<Effect> Effects,
    string? ValidTime,
    IReadOnlyList<Evidence> Evidence,
    IReadOnlyList<CarriedContestation> Contestations) : IWriteModel
{
    public static string Kind => "Claim";

    /// <summary>The stream version this state was folded up to; Marten sets it.</summary>
    public long Version { get; set; }

    public string? SupersededBy { get; init; }
    public string? MergedInto { get; init; }

    public IReadOnlySet<string> EvidenceKeys => Evidence.Select(KeyOf).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> ContestKeys => Contestations.Select(ContestKey).ToHashSet(StringComparer.Ordinal);

    public static string KeyOf(Evidence e) => $"{e.SourceId}:{e.Start}:{e.End}";

    /// <summary>One contestation per passage, and one per analyst for contestations without evidence.</summary>
    public static string ContestKey(CarriedContestation c) => c.Evidence is null ? $"analyst:{c.Actor}" : KeyOf(c.Evidence);

    public static ClaimState Create(ClaimExtracted e) =>
        new(e.ClaimId, e.Status, e.Confidence, e.Subject, e.Effects, e.ValidTime, [e.Evidence], []);

    public ClaimState Apply(ClaimCorroborated e) => this with { Evidence = [.. Evidence, e.Evidence] };

    public ClaimState Apply(ClaimContested e) => this with { Contestations = [.. Contestations, new CarriedContestation(e.Evidence, e.Actor, e.Reason)] };

    public ClaimState Apply(ClaimConfidenceRevised e) => this with { Confidence = e.Confidence };

    public ClaimState Apply(ClaimReviewed e) =>
        this with { Status = e.Decision == ReviewDecision.Accepted ? ClaimStatus.Accepted : ClaimStatus.Rejected };

    public ClaimState Apply(ClaimRetracted e) => this with { Status = ClaimStatus.Retracted };

    public ClaimState Apply(ClaimRecoded e) => this with { Subject = e.Subject, Effects = e.Effects, ValidTime = e.ValidTime };

    public ClaimState Apply(ClaimSuperseded e) => this with { Status = ClaimStatus.Superseded, SupersededBy = e.SupersededBy };

    public ClaimState Apply(ClaimsMerged e) =>
        this with { Evidence = [.. Evidence, .. e.Evidence], Contestations = [.. Contestations, .. e.Contestations] };

    public ClaimState Apply(ClaimMergedInto e) => this with { Status = ClaimStatus.Merged, MergedInto = e.SurvivorId };

    public bool IsRetracted => Status == ClaimStatus.Retracted;

    public Refusal RetractedRefusal => Refusal.Conflict($"Claim '{Id}' is retracted.");

    /// <summary>Why nothing more can be recorded on this claim at all (retracted, or merged into another), or null.</summary>
    public Refusal? Closed => Status switch
    {
        ClaimStatus.Retracted => RetractedRefusal,
        ClaimStatus.Merged => Refusal.Conflict($"Claim '{Id}' was merged into '{MergedInto}'; act on that claim instead."),
        _ => null,
    };

    /// <summary>
    /// Why the claim's standing can no longer be judged (reviewed, recoded, superseded, merged), or null: closed, or
    /// superseded by a newer claim, which is the one to judge.
    /// </summary>
    public Refusal? NotCurrent => Closed ?? (Status == ClaimStatus.Superseded
        ? Refusal.Conflict($"Claim '{Id}' is superseded by '{SupersededBy}'; act on that claim instead.")
        : null);
}

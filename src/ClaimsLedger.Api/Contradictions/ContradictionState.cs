namespace ClaimsLedger.Api.Contradictions;

/// <summary>The write model of a contradiction's stream: which claim the last resolution chose. Never served.</summary>
public sealed partial record ContradictionState(string Id, string WinningClaimId) : IWriteModel
{
    public static string Kind => "Contradiction";

    public long Version { get; set; }

    public static ContradictionState Create(ContradictionResolved e) => new(e.ContradictionId, e.WinningClaimId);

    public ContradictionState Apply(ContradictionResolved e) => this with { WinningClaimId = e.WinningClaimId };
}

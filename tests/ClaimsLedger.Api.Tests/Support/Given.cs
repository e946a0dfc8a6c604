using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>Write models and sources for the pure decide tests: states folded from events, as Marten folds them.</summary>
public static class Given
{
    public static readonly Effect ChinaEconomic = new("CN", Dimension.Economic, Direction.Toward, 2);

    public const string Text = "0123456789 China overtook Russia as Kazakhstan's top trade partner.";

    public static SourceDetails Source(string id = "a", string publisher = "publisher a", bool retracted = false) => new()
    {
        Id = id, Title = id, Carrier = publisher, Text = Text, TextLength = Text.Length, Retracted = retracted, Sha256 = "sha-" + id,
    };

    public static ClaimExtracted Extracted(string claimId = "clm-1", string sourceId = "a") =>
        new(claimId, "KZ", "China overtook Russia.", [ChinaEconomic], "2023", null, new Evidence(sourceId, 0, 10, "0123456789", "publisher a"),
            0.7, "analyst:ana", ClaimStatus.Recorded, "ana");

    /// <summary>A claim stream folded from its events, at the version Marten would report.</summary>
    public static ClaimState Claim(params object[] later) => ClaimFrom(Extracted(), later);

    /// <summary>A claim stream that began with <paramref name="extracted"/>, folded through its later events.</summary>
    public static ClaimState ClaimFrom(ClaimExtracted extracted, params object[] later)
    {
        var state = ClaimState.Create(extracted);
        foreach (var e in later)
            state = e switch
            {
                ClaimCorroborated c => state.Apply(c),
                ClaimContested c => state.Apply(c),
                ClaimConfidenceRevised r => state.Apply(r),
                ClaimReviewed r => state.Apply(r),
                ClaimRetracted r => state.Apply(r),
                ClaimRecoded r => state.Apply(r),
                ClaimSuperseded s => state.Apply(s),
                ClaimsMerged m => state.Apply(m),
                ClaimMergedInto m => state.Apply(m),
                _ => throw new ArgumentException($"not a claim event: {e}"),
            };
        state.Version = 1 + later.Length;
        return state;
    }

    public static global::ClaimsLedger.Api.Sources.SourceState SourceStream(params object[] later)
    {
        var state = global::ClaimsLedger.Api.Sources.SourceState.Create(new SourceRegistered("a", "t", "c", null, false, null, "2024", DatePrecision.Year, false, null, null,
            Text, "sha-a", "ana"));
        foreach (var e in later)
            state = e switch
            {
                SourceReliabilityGraded g => state.Apply(g),
                SourceRetracted r => state.Apply(r),
                _ => throw new ArgumentException($"not a source event: {e}"),
            };
        state.Version = 1 + later.Length;
        return state;
    }
}

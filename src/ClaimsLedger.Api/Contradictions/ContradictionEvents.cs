using System.Security.Cryptography;
using System.Text;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

// The stored schema of a contradiction stream (stream id: the contradiction's deterministic id, "ctr-…"). The contradiction
// itself is derived from claim and source events (ContradictionProjection); only an analyst's resolution is recorded here.

/// <summary>
/// An analyst judged which of two contradicting claims holds, and why. Resolving does not change what either claim weighs:
/// to take the losing claim out of the scores, review it as rejected or retract it, which are judgements of their own.
/// </summary>
public sealed record ContradictionResolved(string ContradictionId, string WinningClaimId, string LosingClaimId, string Actor, string Reason)
    : IReasonedEvent;

/// <summary>A contradiction's id is a hash of its two claims' ids, whichever is named first: the pair always lands on one stream.</summary>
public static class ContradictionIds
{
    public static string For(string claimId, string otherClaimId)
    {
        var (a, b) = Ordered(claimId, otherClaimId);
        return StreamIds.Contradiction + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{a}\n{b}")))[..24];
    }

    public static (string A, string B) Ordered(string claimId, string otherClaimId) =>
        string.CompareOrdinal(claimId, otherClaimId) <= 0 ? (claimId, otherClaimId) : (otherClaimId, claimId);
}

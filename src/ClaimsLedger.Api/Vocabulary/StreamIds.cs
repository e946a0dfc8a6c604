namespace ClaimsLedger.Api.Vocabulary;

/// <summary>
/// Every stream lives in one id namespace (mt_streams), so each kind of stream the ledger writes has a prefix of its
/// own and source ids (chosen by clients) may not take one: a source registered as "clm-…" would otherwise land its
/// events on a claim's stream, or a claim's on the source's.
/// </summary>
public static class StreamIds
{
    public const string Claim = "clm-";
    public const string Rebuild = "rebuild-";
    public const string Subscription = "sub-";
    public const string Contradiction = "ctr-";

    public static readonly IReadOnlyList<string> Reserved = [Claim, Rebuild, Subscription, Contradiction];

    public static bool IsReserved(string id) => Reserved.Any(prefix => id.StartsWith(prefix, StringComparison.Ordinal));
}

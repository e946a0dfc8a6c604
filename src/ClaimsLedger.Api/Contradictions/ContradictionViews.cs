using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>A contradiction as served: both claims with their sources and the sources' reliability, and its resolution.</summary>
/// <param name="Id">The contradiction's id (ctr- and a hash of the two claim ids): its stream takes resolutions.</param>
/// <param name="Subject">The subject both claims are about.</param>
/// <param name="Active">Whether the two claims contradict now (false once one is retracted, rejected, superseded, merged or recoded away).</param>
/// <param name="Resolved">Whether an analyst has resolved it.</param>
/// <param name="Resolution">The latest resolution, if any.</param>
/// <param name="Conflicts">Each (power, dimension) the two claims move in opposite directions.</param>
/// <param name="Claims">The two claims, in ordinal order of their ids, each with its sources.</param>
/// <param name="DetectedAt">When the pair first contradicted (record time of the event that made it so).</param>
/// <param name="UpdatedAt">When it last started or stopped standing, or was resolved.</param>
/// <param name="Version">Resolutions recorded: what If-Match and expectedVersion name on POST …/resolution.</param>
public sealed record ContradictionView(
    string Id,
    string Subject,
    bool Active,
    bool Resolved,
    ContradictionResolution? Resolution,
    IReadOnlyList<ContradictionConflict> Conflicts,
    IReadOnlyList<ContradictingClaim> Claims,
    DateTimeOffset DetectedAt,
    DateTimeOffset UpdatedAt,
    long Version);

/// <summary>One of a contradiction's two claims as it stands now.</summary>
/// <param name="ClaimId">The claim's id.</param>
/// <param name="Statement">What the claim states.</param>
/// <param name="Status">Where the claim stands.</param>
/// <param name="ValidTime">When the claim holds in the world.</param>
/// <param name="Confidence">The claim's confidence, 0–1.</param>
/// <param name="Effects">What the claim says about each power and dimension.</param>
/// <param name="Sources">The sources behind the claim, each with its publisher and reliability.</param>
public sealed record ContradictingClaim(string ClaimId, string Statement, ClaimStatus Status, string? ValidTime, double Confidence,
    IReadOnlyList<Effect> Effects, IReadOnlyList<ContradictingSource> Sources);

/// <summary>A source behind one of the claims: who published it (its independence key: one voice per original publisher) and its grade now.</summary>
/// <param name="SourceId">The source's id.</param>
/// <param name="Title">The source's title.</param>
/// <param name="Carrier">Who carried (published) this copy.</param>
/// <param name="OriginalPublisher">Who first published the text, when another than the carrier.</param>
/// <param name="IndependenceKey">The voice the source counts as: its original publisher, else its carrier, normalized.</param>
/// <param name="Reliability">The source's Admiralty grade now (A–F), if graded.</param>
/// <param name="Retracted">Whether the source is retracted (its evidence then weighs nothing).</param>
/// <param name="CopyOf">The source this one is a syndicated copy of, if any.</param>
public sealed record ContradictingSource(string SourceId, string Title, string Carrier, string? OriginalPublisher, string IndependenceKey,
    ReliabilityGrade? Reliability, bool Retracted, string? CopyOf);

public static class ContradictionViews
{
    /// <summary>Views of a page of contradictions from three reads: the contradictions, their claims, and those claims' sources (without texts).</summary>
    public static async Task<List<ContradictionView>> OfAsync(IQuerySession session, IReadOnlyList<Contradiction> page, CancellationToken ct)
    {
        var claims = (await session.LoadManyAsync<ClaimDetails>(ct, page.SelectMany(c => c.ClaimIds).Distinct().ToArray())).ToDictionary(c => c.Id);
        var sourceIds = claims.Values.SelectMany(c => c.Sources.Select(s => s.SourceId)).Distinct().ToArray();
        var sources = (await session.Query<SourceDetails>().Where(s => sourceIds.Contains(s.Id))
                .Select(s => new SourceRow(s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Reliability, s.Retracted, s.CopyOf)).ToListAsync(ct))
            .ToDictionary(s => s.Id, s => new ContradictingSource(s.Id, s.Title, s.Carrier, s.OriginalPublisher,
                IndependenceKeys.For(s.OriginalPublisher, s.Carrier), s.Reliability, s.Retracted, s.CopyOf));
        return page.Select(c => new ContradictionView(c.Id, c.Subject, c.Active, c.Resolved, c.Resolution, c.Conflicts,
            c.ClaimIds.Select(id => claims.GetValueOrDefault(id)).OfType<ClaimDetails>().Select(claim => new ContradictingClaim(claim.Id, claim.Statement,
                claim.Status, claim.ValidTime, claim.Confidence, claim.Effects,
                claim.Sources.Select(s => s.SourceId).Distinct().Select(id => sources.GetValueOrDefault(id)).OfType<ContradictingSource>().ToList())).ToList(),
            c.DetectedAt, c.UpdatedAt, c.Version)).ToList();
    }

    /// <summary>How many contradictions about a subject stand unresolved, now or as of a record time (one indexed lookup either way).</summary>
    public static async Task<int> UnresolvedAsync(IQuerySession session, string subject, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (asOf is not { } instant) return (await session.LoadAsync<UnresolvedCount>(subject, ct))?.Count ?? 0;
        // Record time follows the ledger's order, so the latest moment by then is the last by timestamp.
        var then = await session.Query<UnresolvedCountMoment>()
            .Where(m => m.Subject == subject && m.Timestamp <= instant)
            .OrderByDescending(m => m.Timestamp).ThenByDescending(m => m.Sequence).FirstOrDefaultAsync(ct);
        return then?.Count ?? 0;
    }

    private sealed record SourceRow(string Id, string Title, string Carrier, string? OriginalPublisher, ReliabilityGrade? Reliability, bool Retracted,
        string? CopyOf);
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>A contradiction as served: both claims with their sources and the sources' reliability, and its resolution.</summary>
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

public sealed record ContradictingClaim(string ClaimId, string Statement, ClaimStatus Status, string? ValidTime, double Confidence,
    IReadOnlyList<Effect> Effects, IReadOnlyList<ContradictingSource> Sources);

/// <summary>A source behind one of the claims: who published it (its independence key: one voice per original publisher) and its grade now.</summary>
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

    /// <summary>How many contradictions about a subject stand unresolved, now or as of a record time.</summary>
    public static async Task<int> UnresolvedAsync(IQuerySession session, string subject, DateTimeOffset? asOf, CancellationToken ct)
    {
        if (asOf is not { } instant) return await session.Query<Contradiction>().CountAsync(c => c.Subject == subject && c.Active && !c.Resolved, ct);
        var then = await session.Query<Contradiction>().Where(c => c.Subject == subject && c.DetectedAt <= instant).ToListAsync(ct);
        return then.Count(c => c.UnresolvedAsOf(instant));
    }

    private sealed record SourceRow(string Id, string Title, string Carrier, string? OriginalPublisher, ReliabilityGrade? Reliability, bool Retracted,
        string? CopyOf);
}

using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// Reads pairs: their JSON with the members kept in their columns alone (<see cref="Contradiction"/>). Every reader of a pair
/// goes through here; Marten's loads would leave its id, subject, standing and detection position unset.
/// </summary>
public static class StoredContradictions
{
    /// <summary>
    /// The pairs with these ids that exist, in no particular order, whole: with their detection time (their detecting event's)
    /// and, where their rows do not store them, where they disagree as their claims' codings give it
    /// (<see cref="ContradictionConflict.Between"/>; none for a pair that no longer stands).
    /// </summary>
    public static async Task<IReadOnlyList<Contradiction>> LoadManyAsync(IQuerySession session, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var pairs = await ReadAsync(session, ids, withDetection: true, ct);
        var claimIds = pairs.Where(p => !p.StoresConflicts && p.Active).SelectMany(p => p.ClaimIds).Distinct(StringComparer.Ordinal).ToArray();
        if (claimIds.Length == 0) return pairs;
        var claims = (await session.LoadManyAsync<ContradictionClaim>(ct, claimIds)).ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var pair in pairs) pair.TakeConflictsFrom(claims.GetValueOrDefault);
        return pairs;
    }

    public static async Task<Contradiction?> LoadAsync(IQuerySession session, string id, CancellationToken ct) =>
        (await LoadManyAsync(session, [id], ct)).SingleOrDefault();

    /// <summary>
    /// The pairs with these ids as their rows hold them, without their detection time, and with no conflicts where the rows do
    /// not store them: for <see cref="ContradictionBatch"/>, which takes those from the claims it loads anyway.
    /// </summary>
    public static Task<IReadOnlyList<Contradiction>> LoadStoredAsync(IQuerySession session, IReadOnlyCollection<string> ids, CancellationToken ct) =>
        ReadAsync(session, ids, withDetection: false, ct);

    private static async Task<IReadOnlyList<Contradiction>> ReadAsync(IQuerySession session, IReadOnlyCollection<string> ids, bool withDetection,
        CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        // The detecting event by its sequence: mt_events' primary key, one probe a pair.
        var detectedAt = !withDetection ? "null"
            : $"(select e.timestamp from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events as e where e.seq_id = d.detected_sequence)";
        var rows = await session.AdvancedSql.QueryAsync<StoredPair>($"""
            select json_build_object('pair', d.data, 'pairId', d.id, 'subject', d.subject, 'active', d.active,
                'resolved', d.resolved, 'detectedSequence', d.detected_sequence, 'detectedAt', {detectedAt})
            from {DocumentTable.Of<Contradiction>(session.DocumentStore)} as d where d.id = any(?)
            """, ct, [ids.ToArray()]);
        return rows.Select(r =>
        {
            var pair = r.Pair;
            (pair.Id, pair.Subject, pair.Active, pair.Resolved, pair.DetectedSequence) = (r.PairId, r.Subject, r.Active, r.Resolved, r.DetectedSequence);
            if (r.DetectedAt is { } at) pair.DetectedAt = at.ToUniversalTime();
            return pair;
        }).ToList();
    }

    // Not "Id": Marten reads a type with an Id as a document (id and data columns).
    private sealed record StoredPair(Contradiction Pair, string PairId, string Subject, bool Active, bool Resolved, long DetectedSequence,
        DateTimeOffset? DetectedAt);
}

using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// Reads pairs whole: their JSON with the members kept in their columns alone (<see cref="Contradiction"/>). Every reader of
/// a pair goes through here; Marten's loads would leave its id, subject, standing and detection position unset.
/// </summary>
public static class StoredContradictions
{
    /// <summary>The pairs with these ids that exist, in no particular order.</summary>
    public static async Task<IReadOnlyList<Contradiction>> LoadManyAsync(IQuerySession session, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0) return [];
        var rows = await session.AdvancedSql.QueryAsync<StoredPair>($"""
            select json_build_object('pair', d.data, 'pairId', d.id, 'subject', d.subject, 'active', d.active,
                'resolved', d.resolved, 'detectedSequence', d.detected_sequence)
            from {DocumentTable.Of<Contradiction>(session.DocumentStore)} as d where d.id = any(?)
            """, ct, [ids.ToArray()]);
        return rows.Select(r =>
        {
            var pair = r.Pair;
            (pair.Id, pair.Subject, pair.Active, pair.Resolved, pair.DetectedSequence) = (r.PairId, r.Subject, r.Active, r.Resolved, r.DetectedSequence);
            return pair;
        }).ToList();
    }

    public static async Task<Contradiction?> LoadAsync(IQuerySession session, string id, CancellationToken ct) =>
        (await LoadManyAsync(session, [id], ct)).SingleOrDefault();

    // Not "Id": Marten reads a type with an Id as a document (id and data columns).
    private sealed record StoredPair(Contradiction Pair, string PairId, string Subject, bool Active, bool Resolved, long DetectedSequence);
}

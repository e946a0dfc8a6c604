namespace ClaimsLedger.Api.Claims;

/// <summary>
/// The claim streams a batch of claims decides on, read for writing. Marten's <c>FetchManyForWriting</c> sends two
/// statements a stream (its events, its version), each parsed and planned on its own (automatic preparation is off: see
/// KeptPlans), although most claims of a batch are new and have neither: at 200,000 events the bulk load sent 363,000 of
/// them for 182,000 claim ids, of which 20,600 had a stream. So one statement first asks which of the streams exist, and
/// only those are read, one statement each (their state, folded from their events).
/// </summary>
/// <remarks>
/// Every claim's events are then appended expecting the version its state was read at (none, for a new claim), as a
/// fetched handle appends them: a stream another writer changed or created meanwhile fails the commit, and the batch is
/// decided again. They are appended in the order of the ids (<see cref="RecordClaimsHandler"/>): Marten writes a fetched
/// handle's stream before any appended by id, whatever the order of the appends, so the known claims are not fetched
/// with handles.
/// </remarks>
public sealed class ClaimStreamsForWriting
{
    private ClaimStreamsForWriting(IReadOnlyList<string> ids, Dictionary<string, ClaimState?> states) => (Ids, States) = (ids, states);

    /// <summary>The ids, in ordinal order: the order their streams' rows are written in.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Each claim's write model; null for a claim with no stream yet.</summary>
    public IReadOnlyDictionary<string, ClaimState?> States { get; }

    public static async Task<ClaimStreamsForWriting> FetchAsync(IDocumentSession session, IEnumerable<string> claimIds, CancellationToken ct)
    {
        var ids = claimIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var states = ids.ToDictionary(id => id, _ => (ClaimState?)null, StringComparer.Ordinal);
        var existing = await session.AdvancedSql.QueryAsync<string>(
            $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(?)", ct, [ids]);
        if (existing.Count == 0) return new ClaimStreamsForWriting(ids, states);
        var batch = session.CreateBatchQuery();
        var reads = existing.Select(id => (Id: id, State: batch.Events.FetchLatest<ClaimState>(id))).ToList();
        await batch.Execute(ct);
        foreach (var (id, state) in reads) states[id] = await state;
        return new ClaimStreamsForWriting(ids, states);
    }

    /// <summary>Appends the claim's events after the version its state was read at, or to a stream that must not exist yet.</summary>
    public void Append(IDocumentSession session, string claimId, object[] events) =>
        session.Events.Append(claimId, (States[claimId]?.Version ?? 0) + events.Length, events);
}

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// The claim streams a batch of claims decides on, read for writing. Marten's <c>FetchManyForWriting</c> sends two
/// statements a stream (its events, its version), each parsed and planned on its own (automatic preparation is off: see
/// KeptPlans), although most claims of a batch are new and have neither: at 200,000 events the bulk load sent 363,000 of
/// them for 182,000 claim ids, of which 20,600 had a stream. So one statement first asks which of the streams exist, and
/// only those are read, one statement each (their state, folded from their events).
/// </summary>
/// <remarks>
/// <para>
/// Before reading, the session's transaction takes an advisory lock on every claim id (<see cref="LockAsync"/>), held
/// until it commits: two batches sent at once that hold the same claim then take turns on it, the second reading the
/// stream the first wrote. Without them both read the claim as new, the second's commit failed on it, and the whole
/// batch was rolled back and decided and written again: 11 % of the positions of a 20,000-event run and 3 % at 200,000
/// were the tombstones of such rolled-back batches (README, "What limits these numbers").
/// </para>
/// <para>
/// Every claim's events are then appended expecting the version its state was read at (none, for a new claim), as a
/// fetched handle appends them: a writer that takes no lock (a command on one claim, a shared commit of single POSTs) and
/// changed or created a stream meanwhile fails the commit, and the batch is decided again. They are appended in the order
/// of the ids (<see cref="RecordClaimsHandler"/>): Marten writes a fetched handle's stream before any appended by id,
/// whatever the order of the appends, so the known claims are not fetched with handles.
/// </para>
/// </remarks>
public sealed class ClaimStreamsForWriting
{
    private ClaimStreamsForWriting(IReadOnlyList<string> ids, Dictionary<string, ClaimState?> states) => (Ids, States) = (ids, states);

    /// <summary>The ids, in ordinal order: the order their streams' rows are written in.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Each claim's write model; null for a claim with no stream yet.</summary>
    public IReadOnlyDictionary<string, ClaimState?> States { get; }

    /// <summary>
    /// The claims' write models, in a transaction that first takes their locks when <paramref name="locked"/> (a writer
    /// whose claims no concurrent batch can hold may skip them).
    /// </summary>
    public static async Task<ClaimStreamsForWriting> FetchAsync(IDocumentSession session, IEnumerable<string> claimIds, bool locked, CancellationToken ct)
    {
        var ids = claimIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var states = ids.ToDictionary(id => id, _ => (ClaimState?)null, StringComparer.Ordinal);
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        if (locked) await LockAsync(session, schema, ids, ct);
        // A statement of its own, after the locks: under READ COMMITTED a statement sees what was committed when it began,
        // so the streams a batch committed while this one waited for its locks are seen here.
        var existing = await session.AdvancedSql.QueryAsync<string>($"select id from {schema}.mt_streams where id = any(?)", ct, [ids]);
        if (existing.Count == 0) return new ClaimStreamsForWriting(ids, states);
        var batch = session.CreateBatchQuery();
        var reads = existing.Select(id => (Id: id, State: batch.Events.FetchLatest<ClaimState>(id))).ToList();
        await batch.Execute(ct);
        foreach (var (id, state) in reads) states[id] = await state;
        return new ClaimStreamsForWriting(ids, states);
    }

    /// <summary>
    /// Opens the session's transaction (Wolverine's middleware commits it with the appends) and takes a transaction-scoped
    /// advisory lock on each claim id: the two-key form, keyed by the schema's streams (so no other lock of the ledger's or
    /// Marten's, which use the one-key form, can be one of these) and by the id's 32-bit hash (two ids sharing a hash only
    /// wait for each other). Taken in the order of the keys by every batch, so two batches waiting for each other's locks
    /// cannot deadlock; and before any row is written, so a batch waiting here holds nothing another writer needs.
    /// </summary>
    /// <remarks>
    /// Each lock is an entry in PostgreSQL's shared lock table, which holds <c>max_locks_per_transaction</c> (64 by default)
    /// times the connections, shared by all transactions: a batch of 1,000 claims holds 1,000 while it writes. The embedded
    /// server and docker-compose's run with 256 (<c>ServerTuning.Locks</c>); a server that runs out answers 53200, which
    /// the API answers 503 with Retry-After, the batch having written nothing.
    /// </remarks>
    private static async Task LockAsync(IDocumentSession session, string schema, string[] ids, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        await session.AdvancedSql.QueryAsync<long>(
            $"select count(pg_advisory_xact_lock(hashtext('{schema}.mt_streams'), key)) from (select distinct hashtext(id) as key from unnest(?) as id order by key) as keys",
            ct, [ids]);
    }

    /// <summary>Appends the claim's events after the version its state was read at, or to a stream that must not exist yet.</summary>
    public void Append(IDocumentSession session, string claimId, object[] events) =>
        session.Events.Append(claimId, (States[claimId]?.Version ?? 0) + events.Length, events);
}

using System.Collections.Concurrent;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using Npgsql;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// A busy subject's claim ids in list order, with each claim's filter keys, held in memory with the snapshot they were read
/// in, so a page of its claims, filtered or not, is the page's documents by id rather than a count of the subject's
/// (matching) claims and a walk past every one before the page (at 200,000 events, 36,798 claims on the hot subject: 4–6 ms
/// of PostgreSQL per unfiltered page, growing with the subject, and a filter on a status most of its claims have made
/// PostgreSQL count and sort all of them again). A page is served from the ids only when <see cref="ClaimListChanges"/> shows
/// no transaction outside that snapshot changed the subject's list (nor, for a filtered page, any of its claims' filter
/// keys), checked in the same statement that reads the page's claims, so the page, its total and its claims are one
/// snapshot, as the uncached read's are. A page that finds the list and its keys unchanged holds the ids as of its own
/// snapshot from then on, so the log's prunes do not outdate ids that are still right. Otherwise the uncached read answers
/// and the ids are read again in the background (at most once a second per subject, so a subject written all the time is not
/// re-read on every page).
/// </summary>
public sealed class SubjectClaimList(IDocumentStore store, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<SubjectClaimList> logger)
{
    /// <summary>
    /// Where the list across all subjects (the claim list without a subject) is held: no subject is spelled so. Any change to
    /// any claim's list or keys stops its pages.
    /// </summary>
    public const string AllSubjects = "*";

    /// <summary>Subjects with fewer claims are paged by the uncached read: skipping a few hundred index entries costs less than holding them.</summary>
    public const int HeldFrom = 500;

    /// <summary>
    /// What the held lists take in memory across all subjects at most (12 bytes an id as the ledger makes them, ~4 bytes a
    /// filter key: ~40 bytes a claim, so about 800,000 claims). Holding a subject beyond it lets go of the subjects read least
    /// recently.
    /// </summary>
    public const long MaxHeldBytes = 32L * 1024 * 1024;

    private static readonly TimeSpan ReadAgainAfter = TimeSpan.FromSeconds(1);

    /// <summary>Sort memory for reading a list's ids: ~240 bytes a claim, so the list across 200,000 claims sorts in memory.</summary>
    private const string SortMemory = "64MB";

    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastRead = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Task>> _reading = new(StringComparer.Ordinal);

    private sealed class Held(string snapshot, HeldClaimIds ids, long readAt)
    {
        private string _snapshot = snapshot;

        /// <summary>A snapshot in which the list was as these ids hold it: the one they were read in, or a later page's.</summary>
        public string Snapshot => Volatile.Read(ref _snapshot);

        public HeldClaimIds Ids => ids;

        /// <summary>When a page last came from these ids (<see cref="TimeProvider.GetTimestamp"/>), for letting go of the least read.</summary>
        public long LastUsed = readAt;

        /// <summary>
        /// Holds the ids as of <paramref name="later"/>, a page's snapshot in which the log showed the list unchanged since
        /// <see cref="Snapshot"/>: the list in it is the one these ids hold, so no entry the log has from before it is needed
        /// any more. Without this the ids were read again once the log was pruned past the snapshot they were read in
        /// (every one to two minutes, though nothing changed: 0.5 s of PostgreSQL for the hot subject's 36,798 ids at 200,000
        /// events, its pages read uncached meanwhile). Kept only when its oldest running transaction is later, so concurrent
        /// pages never move it back.
        /// </summary>
        public void Advance(string later)
        {
            var current = Snapshot;
            while (Xmin(later) > Xmin(current))
            {
                var seen = Interlocked.CompareExchange(ref _snapshot, later, current);
                if (ReferenceEquals(seen, current)) return;
                current = seen;
            }
        }

        /// <summary>A snapshot's oldest running transaction, as <c>pg_snapshot</c> prints it (<c>xmin:xmax:xip,…</c>).</summary>
        private static ulong Xmin(string snapshot) =>
            ulong.TryParse(snapshot.AsSpan(0, Math.Max(0, snapshot.IndexOf(':'))), out var xmin) ? xmin : 0;
    }

    /// <summary>
    /// The page of the subject's claims holding every one of <paramref name="keys"/> (<see cref="ClaimFilterKeys"/>; none: the
    /// whole list) from the held ids, or null when the subject's list is not held or changed since it was read. Its claims are
    /// their rows' served JSON (<see cref="ServedClaimJson"/>).
    /// </summary>
    public async Task<Paged<ServedClaimJson.Served>?> TryPageAsync(IQuerySession session, string subject, IReadOnlyList<string> keys, int page,
        int size, CancellationToken ct)
    {
        if (!_held.TryGetValue(subject, out var held)) return null;
        var skip = (long)(page - 1) * size;
        var matching = keys.Count == 0 ? null : held.Ids.Matching(keys);
        var ids = matching is null ? held.Ids.Slice(skip, size) : held.Ids.Slice(matching, skip, size);
        // What the log must not show since the snapshot: the subject's own entries (and its claims' keys, for a filtered page),
        // or, for the list across subjects, any entry at all ("<> all" of no names).
        // Everything the held ids stand for (the list and every claim's keys) is what a later snapshot must also show unchanged
        // before the ids are held as of it: an unfiltered page alone does not check the keys.
        string[] whole = subject == AllSubjects ? [] : [subject, "*", ClaimListChanges.KeysOf(subject)];
        string[] logged = matching is null && subject != AllSubjects ? [subject, "*"] : whole;
        var named = subject == AllSubjects ? "<> all" : "= any";
        var schema = ClaimListChanges.Schema(store);
        var claims = DocumentTable.Of<ClaimDetails>(store);
        List<(bool Unchanged, string? WholeUnchangedIn, ServedClaimJson.Served? Claim)> rows;
        try
        {
            // One row for a page past the end (no ids), so the check is always read.
            rows = await PreparedRead.RowsAsync(session, $"""
                select coalesce(
                        pg_snapshot_xmin($2::pg_snapshot) >= (select pruned_below from {schema}.{ClaimListChanges.Pruned} where id = 1)
                        and {ClaimListChanges.TriggersInPlace(claims)}
                        and not exists (select 1 from {schema}.{ClaimListChanges.Log} as l where l.subject {named}($1::varchar[])
                            and l.xid >= pg_snapshot_xmin($2::pg_snapshot) and not pg_visible_in_snapshot(l.xid, $2::pg_snapshot)), false),
                    case when not exists (select 1 from {schema}.{ClaimListChanges.Log} as l where l.subject {named}($4::varchar[])
                        and l.xid >= pg_snapshot_xmin($2::pg_snapshot) and not pg_visible_in_snapshot(l.xid, $2::pg_snapshot))
                        then pg_current_snapshot()::text end,
                    page.n, page.served, page.data
                from (select 1) as one left join lateral (
                    select u.n, {ServedClaimJson.Columns("d")}
                    from unnest($3::varchar[]) with ordinality as u(id, n) join {claims} as d on d.id = u.id) as page on true
                order by page.n
                """, reader => (reader.GetBoolean(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : ServedClaimJson.Read(store, reader, 3)), ct,
                logged, held.Snapshot, ids, whole);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The log's tables were dropped with the schema (a reset ledger): the uncached read answers, the next read recreates them.
            _held.TryRemove(subject, out _);
            return null;
        }
        // Every id of the page has its row while the list is unchanged (a deleted claim changes it); checked all the same.
        var items = rows.Where(r => r.Claim is not null).Select(r => r.Claim!).ToList();
        if (!rows[0].Unchanged || items.Count != ids.Length)
        {
            _held.TryRemove(new KeyValuePair<string, Held>(subject, held));
            return null;
        }
        // The statement's own snapshot (pg_current_snapshot in a statement is the one it reads in), where the list and its keys
        // were as the ids hold them.
        if (rows[0].WholeUnchangedIn is { } later) held.Advance(later);
        Volatile.Write(ref held.LastUsed, time.GetTimestamp());
        return new Paged<ServedClaimJson.Served>(items, page, size, matching?.Length ?? held.Ids.Count);
    }

    /// <summary>
    /// After an uncached page: <see cref="HoldAsync"/> in the background, one read per subject at a time, so the page's
    /// request does not wait for it (the list across subjects is every claim's id and keys: ~57 ms of PostgreSQL at 28,000
    /// claims, growing with them) nor hold its place in the read gate meanwhile. Pages keep being read uncached until the
    /// ids are held.
    /// </summary>
    public void HoldLater(string subject, long? total)
    {
        if (total < HeldFrom || _reading.ContainsKey(subject)) return;
        var stopping = lifetime.ApplicationStopping;
        var read = new Task<Task>(async () =>
        {
            try
            {
                await HoldAsync(subject, total, stopping);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Shutting down: the ids are read again after the next start.
            }
            finally
            {
                _reading.TryRemove(subject, out _);
            }
        });
        // Added before it starts, so its own removal always follows its addition.
        if (_reading.TryAdd(subject, read)) read.Start(TaskScheduler.Default);
    }

    /// <summary>Completes once the reads <see cref="HoldLater"/> started have ended (for tests, which read what they held).</summary>
    internal Task SettledAsync() => Task.WhenAll(_reading.Values.Select(r => r.Unwrap()));

    /// <summary>
    /// After an uncached page of the subject's <paramref name="total"/> claims (null: a filtered page, which does not say how
    /// many the subject has): reads the subject's ids again if it is busy enough to hold and was not read within the last
    /// second. A failure here costs only the next pages their shortcut.
    /// </summary>
    public async Task HoldAsync(string subject, long? total, CancellationToken ct)
    {
        if (total < HeldFrom) return;
        var now = time.GetTimestamp();
        if (_lastRead.TryGetValue(subject, out var last) && time.GetElapsedTime(last, now) < ReadAgainAfter) return;
        _lastRead[subject] = now;
        try
        {
            if (await ReadAsync(subject, now, ct) is { } held)
            {
                if (held.Ids.Count < HeldFrom)
                {
                    _held.TryRemove(subject, out _);
                    return;
                }
                _held[subject] = held;
                LetGoBeyondTheLimit();
                return;
            }
            // The claim table was made again without the triggers (a dropped schema): its lists are not held until they are back.
            _held.TryRemove(subject, out _);
            await ClaimListChanges.EnsureAsync(store, ct);
            await ServedClaimJson.EnsureAsync(store, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            _held.TryRemove(subject, out _);
            logger.LogWarning(ex, "The claim ids of {Subject} were not held; its pages are read uncached", subject);
        }
    }

    /// <summary>
    /// The list's ids in list order, the positions of the claims holding each filter key, and the snapshot they were read in
    /// (one statement), or null without the triggers.
    /// </summary>
    private async Task<Held?> ReadAsync(string subject, long readAt, CancellationToken ct)
    {
        var claims = DocumentTable.Of<ClaimDetails>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await using var command = connection.CreateCommand();
        // One row per claim in list order, each carrying the statement's snapshot. The sort of the list across subjects outgrew
        // PostgreSQL's default 4 MB of sort memory and spilled to disk: 174–185 ms at 28,000 claims, 57 ms with the memory
        // this connection is given here (reset when it goes back to the pool). Grouping the positions by key in PostgreSQL
        // instead took eight times as long as this read.
        await connection.OpenAsync(ct);
        await using (var memory = new NpgsqlCommand($"set work_mem = '{SortMemory}'", connection)) await memory.ExecuteNonQueryAsync(ct);
        command.CommandText = $"""
            select pg_current_snapshot()::text, {ClaimListChanges.TriggersInPlace(claims)}, c.id, c.{ClaimFilterKeys.Column}
            from {claims} as c {(subject == AllSubjects ? "" : "where c.subject = $1")}
            order by c.recorded_at, c.id
            """;
        if (subject != AllSubjects) command.Parameters.Add(new NpgsqlParameter { Value = subject });
        await using var reader = await command.ExecuteReaderAsync(ct);
        string? snapshot = null;
        var triggers = false;
        var ids = new List<string>();
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct))
        {
            snapshot ??= reader.GetString(0);
            triggers = reader.GetBoolean(1);
            foreach (var key in reader.IsDBNull(3) ? [] : reader.GetFieldValue<string[]>(3))
            {
                if (!positions.TryGetValue(key, out var at)) positions[key] = at = [];
                // A claim lists each key once; positions stay ascending because the rows come in list order.
                if (at.Count == 0 || at[^1] != ids.Count) at.Add(ids.Count);
            }
            ids.Add(reader.GetString(2));
        }
        if (snapshot is null)
        {
            // No claim, so no row said whether the triggers are in place.
            await reader.DisposeAsync();
            await using var check = new NpgsqlCommand($"select {ClaimListChanges.TriggersInPlace(claims)}", connection);
            triggers = (bool)(await check.ExecuteScalarAsync(ct))!;
            snapshot = "";
        }
        return triggers
            ? new Held(snapshot, HeldClaimIds.From([.. ids], positions.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal)), readAt)
            : null;
    }

    /// <summary>Lets go of the least recently read subjects while the lists held take more than <see cref="MaxHeldBytes"/>.</summary>
    private void LetGoBeyondTheLimit()
    {
        var held = _held.ToArray();
        var total = held.Sum(h => h.Value.Ids.MemoryBytes);
        foreach (var (subject, ids) in held.OrderBy(h => Volatile.Read(ref h.Value.LastUsed)))
        {
            if (total <= MaxHeldBytes) return;
            if (_held.TryRemove(new KeyValuePair<string, Held>(subject, ids))) total -= ids.Ids.MemoryBytes;
        }
    }
}

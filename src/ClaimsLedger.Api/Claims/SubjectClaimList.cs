using System.Collections.Concurrent;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using Npgsql;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// A busy subject's claim ids in list order, held in memory with the snapshot they were read in, so a page of its claims is
/// the page's documents by id rather than a count of the subject's claims and a walk past every claim before the page (at
/// 200,000 events, 36,798 claims on the hot subject: 4–6 ms of PostgreSQL per page, growing with the subject). A page is
/// served from the ids only when <see cref="ClaimListChanges"/> shows no transaction outside that snapshot changed the
/// subject's list, checked in the same statement that reads the page's claims, so the page, its total and its claims are
/// one snapshot, as the uncached read's are. Otherwise the uncached read answers and the ids are read again (at most
/// once a second per subject, so a subject written all the time is not re-read on every page).
/// </summary>
public sealed class SubjectClaimList(IDocumentStore store, TimeProvider time, ILogger<SubjectClaimList> logger)
{
    /// <summary>Subjects with fewer claims are paged by the uncached read: skipping a few hundred index entries costs less than holding them.</summary>
    public const int HeldFrom = 500;

    /// <summary>
    /// Claim ids held across all subjects at most (12 bytes each as the ledger makes them: 24 MB). Holding a subject beyond
    /// it lets go of the subjects read least recently.
    /// </summary>
    public const int MaxHeldClaims = 2_000_000;

    private static readonly TimeSpan ReadAgainAfter = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Held> _held = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastRead = new(StringComparer.Ordinal);

    private sealed class Held(string snapshot, HeldClaimIds ids, long readAt)
    {
        public string Snapshot => snapshot;
        public HeldClaimIds Ids => ids;

        /// <summary>When a page last came from these ids (<see cref="TimeProvider.GetTimestamp"/>), for letting go of the least read.</summary>
        public long LastUsed = readAt;
    }

    /// <summary>
    /// The page from the held ids, or null when the subject's list is not held or changed since it was read. Its claims are
    /// their rows' served JSON (<see cref="ServedClaimJson"/>).
    /// </summary>
    public async Task<Paged<ServedClaimJson.Served>?> TryPageAsync(IQuerySession session, string subject, int page, int size, CancellationToken ct)
    {
        if (!_held.TryGetValue(subject, out var held)) return null;
        var ids = held.Ids.Slice((long)(page - 1) * size, size);
        var schema = ClaimListChanges.Schema(store);
        var claims = DocumentTable.Of<ClaimDetails>(store);
        List<(bool Unchanged, ServedClaimJson.Served? Claim)> rows;
        try
        {
            // One row for a page past the end (no ids), so the check is always read.
            rows = await PreparedRead.RowsAsync(session, $"""
                select coalesce(
                        pg_snapshot_xmin($2::pg_snapshot) >= (select pruned_below from {schema}.{ClaimListChanges.Pruned} where id = 1)
                        and {ClaimListChanges.TriggersInPlace(claims)}
                        and not exists (select 1 from {schema}.{ClaimListChanges.Log} as l where l.subject = any(array[$1, '*'])
                            and l.xid >= pg_snapshot_xmin($2::pg_snapshot) and not pg_visible_in_snapshot(l.xid, $2::pg_snapshot)), false),
                    page.n, page.served, page.data
                from (select 1) as one left join lateral (
                    select u.n, {ServedClaimJson.Columns("d")}
                    from unnest($3::varchar[]) with ordinality as u(id, n) join {claims} as d on d.id = u.id) as page on true
                order by page.n
                """, reader => (reader.GetBoolean(0), reader.IsDBNull(1) ? null : ServedClaimJson.Read(store, reader, 2)), ct,
                subject, held.Snapshot, ids);
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
        Volatile.Write(ref held.LastUsed, time.GetTimestamp());
        return new Paged<ServedClaimJson.Served>(items, page, size, held.Ids.Count);
    }

    /// <summary>
    /// After an uncached page of <paramref name="total"/> claims: reads the subject's ids again if it is busy enough to hold and
    /// was not read within the last second. A failure here costs only the next pages their shortcut.
    /// </summary>
    public async Task HoldAsync(string subject, long total, CancellationToken ct)
    {
        if (total < HeldFrom) return;
        var now = time.GetTimestamp();
        if (_lastRead.TryGetValue(subject, out var last) && time.GetElapsedTime(last, now) < ReadAgainAfter) return;
        _lastRead[subject] = now;
        try
        {
            if (await ReadAsync(subject, now, ct) is { } held)
            {
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

    /// <summary>The subject's ids in list order and the snapshot they were read in (one statement), or null without the triggers.</summary>
    private async Task<Held?> ReadAsync(string subject, long readAt, CancellationToken ct)
    {
        var claims = DocumentTable.Of<ClaimDetails>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select pg_current_snapshot()::text,
                {ClaimListChanges.TriggersInPlace(claims)},
                array(select c.id from {claims} as c where c.subject = $1 order by c.recorded_at, c.id)
            """, connection)
        {
            Parameters = { new() { Value = subject } },
        };
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return reader.GetBoolean(1) ? new Held(reader.GetString(0), HeldClaimIds.From(reader.GetFieldValue<string[]>(2)), readAt) : null;
    }

    /// <summary>Lets go of the least recently read subjects while more than <see cref="MaxHeldClaims"/> ids are held.</summary>
    private void LetGoBeyondTheLimit()
    {
        var held = _held.ToArray();
        var total = held.Sum(h => (long)h.Value.Ids.Count);
        foreach (var (subject, ids) in held.OrderBy(h => Volatile.Read(ref h.Value.LastUsed)))
        {
            if (total <= MaxHeldClaims) return;
            if (_held.TryRemove(new KeyValuePair<string, Held>(subject, ids))) total -= ids.Ids.Count;
        }
    }
}

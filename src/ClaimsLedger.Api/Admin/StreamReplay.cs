using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Archiving;
using Npgsql;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Rebuilds an inline single-stream projection over its live documents, a batch of streams at a time: each stream folded
/// afresh from all of its events, in a transaction that holds the streams' rows in <c>mt_streams</c>. A command appending to
/// a stream updates that row in the transaction that writes the document it projects, so it cannot interleave with the
/// batch: it commits before (and the batch folds its events) or waits for the batch and commits after, over a document
/// the batch did not fold it into. Replayed in event order instead (the daemon's way), a claim revised during the replay
/// lost the revision when the replay reached the claim's first event and folded it afresh from the events before.
/// <para>
/// The replay never waits on a command: streams a command is writing right now are skipped (<c>skip locked</c>) and taken
/// again once the rest are done, and a batch that would wait on a command's document (<see cref="LockTimeout"/>) is
/// rolled back and taken again too. A command waits at most for one batch.
/// </para>
/// <para>
/// The documents of the types in <c>setwise</c> a batch writes in one statement a type (<see cref="Postgres.SetUpsert{T}"/>)
/// rather than one a document.
/// </para>
/// </summary>
internal sealed class StreamReplay(IDocumentStore store, IInlineProjection<IDocumentOperations> projection, Action<double> progressed, ILogger logger,
    IReadOnlyList<Postgres.ISetUpsert> setwise, IReadOnlyCollection<string> eventTypes)
{
    // A batch of claims writes as many documents, each a few KB: a save of a few MB, a transaction of a few tens of ms.
    private const int StreamsPerBatch = 500;

    // Shorter than PostgreSQL's deadlock_timeout (1 s): the replay gives way before a command could be chosen as a deadlock's victim.
    private const string LockTimeout = "200ms";

    // A command holds a stream for milliseconds; one held this long is a transaction left open, and the rebuild says so.
    private static readonly TimeSpan HeldAtMost = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(50);

    /// <summary>How many streams were folded and saved.</summary>
    public long Replayed { get; private set; }

    /// <summary>How many batches were rolled back or streams skipped because a command held them, to be taken again.</summary>
    public int Retried { get; private set; }

    /// <summary>
    /// Rebuilds the documents of every stream with an event of the projection's types (every stream, given none), including
    /// streams started while it runs. The sources' replay walked the 164,000 claim streams of the 200k ledger too, loading
    /// each claim's events to apply none of them (7 s, and 6 s for the subscriptions', against under 1 s each now).
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var total = Math.Max(1, await CountStreamsAsync(ct));
        var busy = new List<string>();
        var done = 0L;
        string? after = null;
        while (await NextStreamsAsync(after, ct) is { Count: > 0 } ids)
        {
            after = ids[^1];
            busy.AddRange(await ReplayAsync(ids, ct));
            done += ids.Count;
            progressed(Math.Min(1.0, (double)done / total));
        }
        var retrying = Stopwatch.StartNew();
        while (busy.Count > 0)
        {
            if (retrying.Elapsed > HeldAtMost)
                throw new TimeoutException($"{busy.Count} streams (first {busy[0]}) stayed held by another transaction for {HeldAtMost.TotalSeconds:F0} s; request the rebuild again.");
            await Task.Delay(RetryPause, ct);
            var again = new List<string>();
            foreach (var batch in busy.Chunk(StreamsPerBatch)) again.AddRange(await ReplayAsync(batch, ct));
            busy = again;
        }
        Replayed = done;
        logger.LogInformation("Replayed {Streams} streams by stream; {Retried} times a batch or stream held by a write was taken again", done, Retried);
    }

    /// <summary>Folds and saves the streams no command holds; returns the ids to take again.</summary>
    private async Task<IReadOnlyList<string>> ReplayAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        // The transaction is this replay's own, not the session's: a session's commit retries a failed save on a fresh
        // transaction, which would write the documents without the streams held.
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        try
        {
            await using (var timeout = new NpgsqlCommand($"set local lock_timeout = '{LockTimeout}'", connection, transaction))
                await timeout.ExecuteNonQueryAsync(ct);
            var locked = new HashSet<string>(StringComparer.Ordinal);
            await using (var hold = new NpgsqlCommand(
                $"select id from {store.Options.Events.DatabaseSchemaName}.mt_streams where id = any($1) order by id for update skip locked", connection, transaction))
            {
                hold.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
                await using var reader = await hold.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct)) locked.Add(reader.GetString(0));
            }
            if (locked.Count > 0)
            {
                await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(transaction));
                var lockedIds = locked.ToArray();
                // Archived events included, as the daemon's loader includes them.
                var events = await session.Events.QueryAllRawEvents()
                    .Where(e => e.StreamKey.IsOneOf(lockedIds) && e.MaybeArchived())
                    .OrderBy(e => e.Sequence)
                    .ToListAsync(ct);
                // Each stream as a start: folded from its first event, never over the document it has now.
                var streams = events.GroupBy(e => e.StreamKey!, StringComparer.Ordinal).Select(StartOf).ToList();
                await projection.ApplyAsync(session, streams, ct);
                foreach (var rows in setwise) rows.TakeOver(session);
                await session.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            var skipped = ids.Where(id => !locked.Contains(id)).ToList();
            Retried += skipped.Count;
            return skipped;
        }
        catch (Exception ex) when (IsLockWait(ex))
        {
            // Rolled back as the transaction is disposed: nothing of this batch was written.
            Retried++;
            return ids;
        }
    }

    private static StreamAction StartOf(IGrouping<string, IEvent> stream)
    {
        var action = new StreamAction(stream.Key, StreamActionType.Start).AddEvents(stream.ToList());
        action.TenantId = action.Events[0].TenantId;
        return action;
    }

    // Marten retries a save that failed for a lock inside the same transaction, which PostgreSQL has aborted by then: the
    // error that surfaces may be that retry's "transaction is aborted" rather than the lock timeout.
    private static bool IsLockWait(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.InFailedSqlTransaction })
                return true;
        return false;
    }

    private async Task<long> CountStreamsAsync(CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return (await query.AdvancedSql.QueryAsync<long>($"select count(*) from {Streams} as s where {Projected("true")}", ct, Types)).Single();
    }

    private async Task<IReadOnlyList<string>> NextStreamsAsync(string? after, CancellationToken ct)
    {
        await using var query = store.QuerySession();
        return await query.AdvancedSql.QueryAsync<string>(
            $"select s.id from {Streams} as s where s.id > ? and {Projected("e.stream_id > ?")} order by s.id limit {StreamsPerBatch}", ct,
            eventTypes.Count == 0 ? [after ?? ""] : [after ?? "", after ?? "", .. Types]);
    }

    private string Streams => $"{store.Options.Events.DatabaseSchemaName}.mt_streams";

    // A stream has an event of the projection's types, found through mt_events' (stream_id, version) index. The page's bound
    // is repeated on the events (the planner does not carry it over from the streams), else each page's join walked the
    // index from the first stream: the claims' replay took twice as long.
    private string Projected(string bound) => eventTypes.Count == 0
        ? "true"
        : $"exists (select 1 from {store.Options.Events.DatabaseSchemaName}.mt_events as e where e.stream_id = s.id and {bound} and e.type = any(?))";

    private object[] Types => eventTypes.Count == 0 ? [] : [eventTypes.ToArray()];
}

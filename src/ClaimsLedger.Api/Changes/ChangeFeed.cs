using System.Linq.Expressions;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Vocabulary;
using JasperFx.Events;

namespace ClaimsLedger.Api.Changes;

/// <summary>One event of the ledger as the change feed, its server-sent events and its webhooks serve it.</summary>
/// <param name="Position">The event's ledger position (global sequence): its place in the feed, and the <c>after</c> or Last-Event-ID that resumes after it.</param>
/// <param name="Stream">The stream the event belongs to: a claim id (clm-…), a source id, or a projection rebuild (rebuild-…).</param>
/// <param name="Type">The event type, snake case (claim_extracted, source_reliability_graded, …).</param>
/// <param name="Timestamp">When the ledger recorded the event (record time).</param>
/// <param name="Actor">Who caused it: the authenticated caller or X-Actor of the write.</param>
/// <param name="Reason">Why, for revisions that require a reason (confidence, reliability, retraction, review); absent otherwise.</param>
/// <param name="CorrelationId">The X-Correlation-Id of the request that wrote it (or the trace id Wolverine assigned).</param>
/// <param name="Data">The event's own fields, exactly as stored.</param>
public sealed record ChangeEntry(long Position, string Stream, string Type, DateTimeOffset Timestamp, string? Actor, string? Reason,
    string? CorrelationId, object Data)
{
    public static ChangeEntry From(IEvent e) => new(e.Sequence, e.StreamKey ?? e.StreamId.ToString(), e.EventTypeName, e.Timestamp,
        (e.Data as IActorEvent)?.Actor ?? e.UserName, (e.Data as IReasonedEvent)?.Reason, e.CorrelationId, e.Data);
}

/// <summary>
/// A page of the feed. <see cref="Next"/> is the <c>after</c> of the following page, absent once the page reached the
/// ledger's head; <see cref="Position"/> is that head when the page was read (everything at or before it is committed).
/// </summary>
/// <param name="Items">The events after <c>after</c>, oldest first, at most <c>limit</c>.</param>
/// <param name="Next">The <c>after</c> of the next page; absent once the page reached the ledger's head (then poll with the last position, or use server-sent events).</param>
/// <param name="Position">The ledger's head when the page was read: every event at or before it is committed and in the feed.</param>
public sealed record ChangePage(IReadOnlyList<ChangeEntry> Items, long? Next, long Position);

/// <summary>What a client asked of the feed: after which position, how many, and which events.</summary>
public sealed record ChangeQuery(long After, int Limit, IReadOnlyList<string> Types, IReadOnlyList<string> Streams, IReadOnlyList<string> StreamPrefixes)
{
    public bool Filtered => Types.Count > 0 || Streams.Count > 0 || StreamPrefixes.Count > 0;
}

/// <summary>
/// The ledger's events in global order, read by sequence (mt_events' primary key), never past the high-water mark: a
/// sequence number is taken when an event is appended but becomes visible only when its transaction commits, so an
/// event numbered below the head may still appear; reading only up to the mark the daemon has seen gap-free means a
/// cursor never steps over an event that commits later. Each page scans at most <see cref="ScanWindow"/> positions, so
/// a narrow filter costs a bounded range scan per page, never a scan of the whole log; such a page may hold fewer items
/// than asked (even none) and still have a <c>next</c>.
/// Subscription streams are not in the feed: they are admin data (receivers' addresses), and readers read the feed.
/// </summary>
public static class ChangeFeed
{
    public const int DefaultLimit = 100, MaxLimit = 1000, ScanWindow = 10_000, MaxStreams = 50;

    public static async Task<ChangePage> ReadAsync(IQuerySession session, ChangeQuery query, long head, CancellationToken ct)
    {
        var upTo = Math.Min(head, query.After + ScanWindow);
        if (upTo <= query.After) return new ChangePage([], null, head);
        var after = query.After;
        var events = session.Events.QueryAllRawEvents().Where(e => e.Sequence > after && e.Sequence <= upTo);
        // Marten's tombstones fill the sequence numbers of failed appends: they are not events (the audit chain leaves them
        // out, the types filter does not know them), so the feed skips them as it skips the subscriptions' streams.
        events = events.Where(e => !e.StreamKey!.StartsWith(StreamIds.Subscription) && e.StreamKey != Tombstone.StreamKey);
        if (query.Types.Count > 0)
        {
            var types = query.Types.ToArray();
            events = events.Where(e => types.Contains(e.EventTypeName));
        }
        if (query.Streams.Count > 0 || query.StreamPrefixes.Count > 0) events = events.Where(StreamFilter(query));
        var page = await events.OrderBy(e => e.Sequence).Take(query.Limit).ToListAsync(ct);
        long? next = page.Count == query.Limit ? page[^1].Sequence : upTo < head ? upTo : null;
        return new ChangePage(page.Select(ChangeEntry.From).ToList(), next, head);
    }

    /// <summary>One event by its position, for a webhook; null when there is none (or it is a subscription's).</summary>
    public static async Task<ChangeEntry?> ReadOneAsync(IQuerySession session, long position, CancellationToken ct)
    {
        var e = await session.Events.QueryAllRawEvents().Where(x => x.Sequence == position).FirstOrDefaultAsync(ct);
        return e is not null && Serves(e.StreamKey) ? ChangeEntry.From(e) : null;
    }

    /// <summary>Whether the feed (and the webhooks that relay it) serves a stream's events: not a subscription's, not Marten's tombstones.</summary>
    public static bool Serves(string? streamKey) => !SubscriptionStreams.IsSubscriptionStream(streamKey) && streamKey != Tombstone.StreamKey;

    // stream_id = any(ids) or stream_id like 'p1%' or …, built as one expression Marten translates.
    private static Expression<Func<IEvent, bool>> StreamFilter(ChangeQuery query)
    {
        var e = Expression.Parameter(typeof(IEvent), "e");
        var key = Expression.Property(e, nameof(IEvent.StreamKey));
        Expression? any = null;
        if (query.Streams.Count > 0)
        {
            var ids = query.Streams.ToArray();
            any = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], Expression.Constant(ids), key);
        }
        foreach (var prefix in query.StreamPrefixes)
        {
            var starts = Expression.Call(key, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Expression.Constant(prefix));
            any = any is null ? starts : Expression.OrElse(any, starts);
        }
        return Expression.Lambda<Func<IEvent, bool>>(any!, e);
    }

    /// <summary>The ledger's event type names (as stored and served), from the event records every event type is.</summary>
    public static IReadOnlySet<string> EventTypes(IDocumentStore store) =>
        _eventTypes ??= Postgres.StoredEventTypes.Ledger(store).Keys.ToHashSet(StringComparer.Ordinal);

    private static IReadOnlySet<string>? _eventTypes;
}

using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// The ledger positions of subscriptions' creation and removal, read from their events. The subscription document is
/// projected in the writing transaction, and Marten's quick append draws an event's sequence in the append statement
/// itself, after the inline projections have run: the document cannot know the position of its own events (it held 0,
/// and a subscription created while a relay trailed the ledger was sent the whole backlog before it). Subscription
/// streams are short and few, so the positions are looked up wherever a decision or an answer needs them.
/// </summary>
public static class SubscriptionPositions
{
    /// <summary>Sets each subscription's <see cref="WebhookSubscription.CreatedAtPosition"/> and <see cref="WebhookSubscription.RemovedAtPosition"/> from its events.</summary>
    public static async Task<IReadOnlyList<WebhookSubscription>> FillAsync(IQuerySession session, IReadOnlyList<WebhookSubscription> subscriptions,
        CancellationToken ct)
    {
        if (subscriptions.Count == 0) return subscriptions;
        var created = StoredEventTypes.NameOf(session.DocumentStore, typeof(SubscriptionCreated));
        var removed = StoredEventTypes.NameOf(session.DocumentStore, typeof(SubscriptionRemoved));
        var streams = subscriptions.Select(s => s.Id).ToArray();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey.IsOneOf(streams) && e.EventTypeName.IsOneOf(created, removed))
            .Select(e => new { e.StreamKey, e.EventTypeName, e.Sequence }).ToListAsync(ct);
        foreach (var subscription in subscriptions)
        {
            subscription.CreatedAtPosition = events.FirstOrDefault(e => e.StreamKey == subscription.Id && e.EventTypeName == created)?.Sequence ?? 0;
            subscription.RemovedAtPosition = events.FirstOrDefault(e => e.StreamKey == subscription.Id && e.EventTypeName == removed)?.Sequence;
        }
        return subscriptions;
    }
}

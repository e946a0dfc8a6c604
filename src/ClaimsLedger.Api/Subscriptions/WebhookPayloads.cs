using System.Text.Json;
using ClaimsLedger.Api.Changes;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// The body of a notification, in Standard Webhooks' shape: <c>type</c> (<c>ledger.event</c> or <c>alignment.changed</c>),
/// <c>timestamp</c> (the event's record time) and <c>data</c>, the entry exactly as the change feeds serve it. Every attempt
/// sends the same bytes: an event's body is built from the event (which never changes) when it is sent, so neither the
/// outbox nor the delivery log holds a copy of, say, a source's whole text; an alignment change's is fixed when it is
/// enqueued (see WebhookAlignmentRelay).
/// </summary>
public static class WebhookPayloads
{
    public const string EventType = "ledger.event";

    public sealed record Notification(string Type, DateTimeOffset Timestamp, object Data);

    /// <summary>The body: fixed at enqueueing (an alignment change), or the event read from the ledger; null if there is no such event.</summary>
    public static async Task<string?> BodyAsync(IQuerySession session, WebhookDelivery delivery, JsonSerializerOptions json, CancellationToken ct)
    {
        if (delivery.Body is not null) return delivery.Body;
        return await ChangeFeed.ReadOneAsync(session, delivery.Sequence, ct) is { } e ? JsonSerializer.Serialize(new Notification(EventType, e.Timestamp, e), json) : null;
    }
}

using System.Text.Json;
using ClaimsLedger.Api.Postgres;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// Deliver one notification to one subscription. Only ids: the body is built from the ledger when it is sent.
/// <paramref name="Deferrals"/> counts how often it stepped back behind an earlier notification (see WebhookDispatcher).
/// </summary>
public sealed record DeliverWebhook(string SubscriptionId, string NotificationId, int Deferrals = 0);

/// <summary>A delivery attempt failed; Wolverine's error policy for <see cref="DeliverWebhook"/> retries it or dead-letters it.</summary>
public sealed class WebhookDeliveryFailedException(string message) : Exception(message);

public static class DeliverWebhookHandler
{
    public static async Task Handle(DeliverWebhook message, Envelope envelope, IMessageContext context, WebhookDispatcher dispatcher, CancellationToken ct)
    {
        if (await dispatcher.DeliverAsync(message, envelope, ct) is { } later) await context.ScheduleAsync(later, WebhookDispatcher.OrderPause);
    }
}

/// <summary>
/// One attempt at one delivery: skip it if it was delivered or cancelled, cancel it if its subscription is gone, step back
/// behind an earlier notification of the same subject still unsent, else POST it and record the attempt. The record is
/// committed before a failure is thrown to Wolverine, whose retries (with backoff) would otherwise roll it back; on the last
/// attempt the delivery is recorded dead and the message is done.
/// </summary>
public sealed class WebhookDispatcher(IDocumentStore store, WebhookSender sender, IOptions<WebhookOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ILogger<WebhookDispatcher> log)
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    /// <summary>How long a notification waits before it looks again whether the earlier ones of its subject are out.</summary>
    public static readonly TimeSpan OrderPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often it looks (about five minutes): past that, order gives way to delivery, so a notification whose message
    /// is somehow gone for good holds up its subject for a while, not forever.
    /// </summary>
    public const int MaxDeferrals = 300;

    /// <summary>Delivers (or records a failed attempt, then throws for Wolverine's retry), or answers the message to send again later.</summary>
    public async Task<DeliverWebhook?> DeliverAsync(DeliverWebhook message, Envelope envelope, CancellationToken ct)
    {
        WebhookDelivery? delivery;
        WebhookSubscription? subscription;
        WebhookSecret? secret;
        string? body;
        // Read, then let the connection go: the POST below may take as long as the receiver does.
        await using (var session = store.LightweightSession())
        {
            delivery = await session.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(message.SubscriptionId, message.NotificationId), ct);
            // Gone (the store was reset) or done (a redelivered message after a crash between the POST and its acknowledgement).
            if (delivery is null || delivery.Status is DeliveryStatus.Delivered or DeliveryStatus.Cancelled or DeliveryStatus.Dead) return null;

            subscription = await session.LoadAsync<WebhookSubscription>(SubscriptionStreams.IdFor(message.SubscriptionId), ct);
            secret = await session.LoadAsync<WebhookSecret>(message.SubscriptionId, ct);
            if (subscription is not { Removed: false } || secret is null)
            {
                delivery.Status = DeliveryStatus.Cancelled;
                session.Store(delivery);
                await session.SaveChangesAsync(ct);
                return null;
            }
            // Notifications of one subject go out in ledger order. A subscription's messages are handled one at a time in the
            // order they were enqueued, except after a node dies: its messages are recovered by another node later, behind
            // what that node enqueued since. So a notification with an earlier one of its subject still unsent steps back in line.
            if (message.Deferrals < MaxDeferrals && await EarlierUnsentAsync(session, delivery, ct)) return message with { Deferrals = message.Deferrals + 1 };
            body = await WebhookPayloads.BodyAsync(session, delivery, _json, ct);
        }

        var at = clock.GetUtcNow();
        var response = body is null
            ? new WebhookResponse(null, $"Not sent: there is no event at position {delivery.Sequence} (was the store reset?).", 0)
            : await sender.SendAsync(subscription.Url, secret.Secret, delivery.NotificationId, body, ct);
        var last = !response.Delivered && envelope.Attempts >= options.Value.MaxAttempts;
        // Recorded even if the host is stopping: the attempt happened.
        await using (var session = store.LightweightSession())
        {
            // Read again under a lock on the delivery's row: a removal of the subscription that committed while the receiver
            // was called has cancelled it, and the attempt must not bring it back; one that comes later waits for this
            // commit, then cancels what it leaves pending or retrying.
            await session.BeginTransactionAsync(CancellationToken.None);
            if (await StatusForUpdateAsync(session, delivery.Id) == DeliveryStatus.Cancelled) delivery.Status = DeliveryStatus.Cancelled;
            delivery.Record(new DeliveryAttempt(delivery.AttemptCount + 1, at, response.DurationMs, response.StatusCode, response.Error), last);
            session.Store(delivery);
            await session.SaveChangesAsync(CancellationToken.None);
        }
        if (response.Delivered || delivery.Status == DeliveryStatus.Cancelled) return null;
        if (last)
        {
            // A receiver that stays unreachable is the operator's to look into, not a fault of the ledger: one line, no stack
            // trace. The delivery is recorded dead (a redrive sends it again), so the message is done here rather than thrown
            // to Wolverine, whose dead-lettering logs it at error with the stack of our own throw. A failure of our own code
            // or of the database still is thrown, retried and dead-lettered that way.
            log.LogWarning("Webhook delivery {Delivery} to subscription {Subscription} is dead after {Attempts} attempts; the last failed: {Error}",
                delivery.NotificationId, delivery.SubscriptionId, delivery.AttemptCount, response.Error);
            return null;
        }
        throw new WebhookDeliveryFailedException($"{delivery.NotificationId} to {message.SubscriptionId}: {response.Error}");
    }

    private async Task<DeliveryStatus?> StatusForUpdateAsync(IDocumentSession session, string id)
    {
        var status = (await session.AdvancedSql.QueryAsync<string>(
            $"select status from {DocumentTable.Of<WebhookDelivery>(store)} where id = ? for update", CancellationToken.None, id)).SingleOrDefault();
        return Enum.TryParse<DeliveryStatus>(status, ignoreCase: true, out var parsed) ? parsed : null;
    }

    /// <summary>Whether an earlier notification of the same kind and subject (all raw events count as one) is still to be sent.</summary>
    private static Task<bool> EarlierUnsentAsync(IQuerySession session, WebhookDelivery delivery, CancellationToken ct)
    {
        var earlier = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == delivery.SubscriptionId && d.Sequence < delivery.Sequence
            && d.Kind == delivery.Kind && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying));
        // Spelled out for null: a parameter that is null would compare as SQL's "= null", which is never true.
        earlier = delivery.Subject is { } subject ? earlier.Where(d => d.Subject == subject) : earlier.Where(d => d.Subject == null);
        return earlier.AnyAsync(ct);
    }
}

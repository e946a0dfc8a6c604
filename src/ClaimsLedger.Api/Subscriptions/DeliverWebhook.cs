using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>Deliver one notification to one subscription. Only ids: the body is built from the ledger when it is sent.</summary>
public sealed record DeliverWebhook(string SubscriptionId, string NotificationId);

/// <summary>A delivery attempt failed; Wolverine's error policy for <see cref="DeliverWebhook"/> retries it or dead-letters it.</summary>
public sealed class WebhookDeliveryFailedException(string message) : Exception(message);

public static class DeliverWebhookHandler
{
    public static Task Handle(DeliverWebhook message, Envelope envelope, WebhookDispatcher dispatcher, CancellationToken ct) =>
        dispatcher.DeliverAsync(message, envelope, ct);
}

/// <summary>
/// One attempt at one delivery: skip it if it was delivered or cancelled, cancel it if its subscription is gone, else POST
/// it and record the attempt. The record is committed before a failure is thrown to Wolverine, whose retries (with backoff)
/// and dead-lettering would otherwise roll it back; on the last attempt the delivery is recorded dead.
/// </summary>
public sealed class WebhookDispatcher(IDocumentStore store, WebhookSender sender, IOptions<WebhookOptions> options,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider clock, ILogger<WebhookDispatcher> log)
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    public async Task DeliverAsync(DeliverWebhook message, Envelope envelope, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var delivery = await session.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(message.SubscriptionId, message.NotificationId), ct);
        // Gone (the store was reset) or done (a redelivered message after a crash between the POST and its acknowledgement).
        if (delivery is null || delivery.Status is DeliveryStatus.Delivered or DeliveryStatus.Cancelled or DeliveryStatus.Dead) return;

        var subscription = await session.LoadAsync<WebhookSubscription>(SubscriptionStreams.IdFor(message.SubscriptionId), ct);
        var secret = await session.LoadAsync<WebhookSecret>(message.SubscriptionId, ct);
        if (subscription is not { Removed: false } || secret is null)
        {
            delivery.Status = DeliveryStatus.Cancelled;
            session.Store(delivery);
            await session.SaveChangesAsync(ct);
            return;
        }
        var at = clock.GetUtcNow();
        var body = await WebhookPayloads.BodyAsync(session, delivery, _json, ct);
        var response = body is null
            ? new WebhookResponse(null, $"Not sent: there is no event at position {delivery.Sequence} (was the store reset?).", 0)
            : await sender.SendAsync(subscription.Url, secret.Secret, delivery.NotificationId, body, ct);
        var last = !response.Delivered && envelope.Attempts >= options.Value.MaxAttempts;
        delivery.Record(new DeliveryAttempt(delivery.AttemptCount + 1, at, response.DurationMs, response.StatusCode, response.Error), last);
        if (last) delivery.DeadEnvelopeId = envelope.Id;
        session.Store(delivery);
        // Recorded even if the host is stopping: the attempt happened.
        await session.SaveChangesAsync(CancellationToken.None);
        if (response.Delivered) return;
        if (last)
            log.LogWarning("Webhook {Notification} to subscription {Subscription} is dead after {Attempts} attempts: {Error}",
                delivery.NotificationId, delivery.SubscriptionId, delivery.AttemptCount, response.Error);
        throw new WebhookDeliveryFailedException($"{delivery.NotificationId} to {message.SubscriptionId}: {response.Error}");
    }
}

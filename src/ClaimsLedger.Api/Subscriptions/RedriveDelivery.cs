using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace ClaimsLedger.Api.Subscriptions;

public static class RedriveDeliveryEndpoint
{
    /// <summary>
    /// Sends a dead notification again with a fresh set of attempts, same webhook-id. The delivery is marked pending and
    /// the message enqueued in one transaction (Wolverine's outbox), so the redrive is not lost if the node stops; the
    /// copy Wolverine dead-lettered is discarded so its own replay tools do not send it a third time.
    /// </summary>
    [WolverinePost("/api/subscriptions/{id}/deliveries/{deliveryId}/redrive", OperationId = "RedriveDelivery")]
    [Tags("Subscriptions")]
    [ProducesResponseType<DeliveryView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static async Task<IResult> Post(string id, string deliveryId, HttpContext http, IDocumentSession session, IMessageContext bus,
        IWolverineRuntime runtime, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(id, deliveryId), ct);
        if (delivery is null) return Problems.NotFound("deliveryId", $"Delivery '{deliveryId}' of subscription '{id}'");
        if (delivery.Status != DeliveryStatus.Dead)
            return Problems.Conflict($"Delivery '{deliveryId}' is {delivery.Status.ToString().ToLowerInvariant()}; only a dead delivery can be redriven.");
        if (await session.LoadAsync<WebhookSubscription>(SubscriptionStreams.IdFor(id), ct) is not { Removed: false })
            return Problems.Conflict($"Subscription '{id}' has been removed; its deliveries cannot be redriven.");

        if (delivery.DeadEnvelopeId is { } dead) await runtime.Storage.DeadLetters.DiscardAsync(new DeadLetterEnvelopeQuery([dead]), ct);
        var actor = http.User.Identity?.Name ?? throw new InvalidOperationException("A redrive was reached without an authenticated caller.");
        delivery.Redrive(actor, clock.GetUtcNow());
        session.Store(delivery);
        // Committed with the delivery and the message (Wolverine's transaction): the ledger records who sent it again.
        session.Events.Append(SubscriptionStreams.IdFor(id), new DeliveryRedriven(id, deliveryId, actor));
        await bus.PublishAsync(new DeliverWebhook(id, deliveryId));
        return Results.Accepted($"/api/subscriptions/{id}/deliveries?status=pending", DeliveryView.From(delivery));
    }
}

using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// Send a dead notification again. Decided on the subscription's stream, where the redrive is recorded: two redrives
/// at once both append to it, Marten refuses the second append (the stream moved since it was fetched), and the retry
/// policy runs the loser again, which then finds the delivery no longer dead. So one redrive wins, however many race.
/// </summary>
public sealed record RedriveDelivery(string SubscriptionId, string DeliveryId) : IStreamCommand
{
    public string StreamId => SubscriptionStreams.IdFor(SubscriptionId);
    public long? ExpectedVersion => null;

    public static Decision Decide(SubscriptionState subscription, WebhookDelivery? delivery, RedriveDelivery command, string actor)
    {
        if (delivery is null)
            return Decision.Refuse(Refusal.NotFound("deliveryId", $"Delivery '{command.DeliveryId}' of subscription '{command.SubscriptionId}'"));
        if (delivery.Status != DeliveryStatus.Dead)
            return Decision.Refuse(Refusal.Conflict(
                $"Delivery '{command.DeliveryId}' is {delivery.Status.ToString().ToLowerInvariant()}; only a dead delivery can be redriven."));
        if (subscription.Removed)
            return Decision.Refuse(Refusal.Conflict($"Subscription '{command.SubscriptionId}' has been removed; its deliveries cannot be redriven."));
        return Decision.Change(new DeliveryRedriven(command.SubscriptionId, command.DeliveryId, actor));
    }
}

public static class RedriveDeliveryHandler
{
    /// <summary>
    /// The delivery is marked pending and the message enqueued in the transaction that records the redrive (Wolverine's
    /// outbox), so the redrive is not lost if the node stops; a copy Wolverine dead-lettered (a delivery that died before
    /// dead ones were simply recorded, see <see cref="WebhookDelivery.DeadEnvelopeId"/>) is discarded so its own replay
    /// tools do not send it a third time.
    /// </summary>
    public static async Task<(Events, CommandOutcome, IMartenOp, OutgoingMessages)> Handle(RedriveDelivery command,
        [WriteAggregate(nameof(RedriveDelivery.StreamId), Required = false)] SubscriptionState? subscription, IDocumentSession session,
        IWolverineRuntime runtime, TimeProvider clock, Envelope envelope, CancellationToken ct)
    {
        var delivery = await session.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(command.SubscriptionId, command.DeliveryId), ct);
        var (events, outcome) = Decide.OnStream(command, subscription, envelope, (state, c, actor) => RedriveDelivery.Decide(state, delivery, c, actor));
        if (outcome.Outcome != Outcome.Changed || delivery is null) return (events, outcome, MartenOps.Nothing(), []);

        if (delivery.DeadEnvelopeId is { } dead) await runtime.Storage.DeadLetters.DiscardAsync(new DeadLetterEnvelopeQuery([dead]), ct);
        delivery.Redrive(Actors.Of(envelope), clock.GetUtcNow());
        return (events, outcome, MartenOps.Store(delivery), [new DeliverWebhook(command.SubscriptionId, command.DeliveryId)]);
    }

    /// <summary>Sends a dead notification again with a fresh set of attempts, same webhook-id, recorded with who asked.</summary>
    [WolverinePost("/api/subscriptions/{id}/deliveries/{deliveryId}/redrive", OperationId = "RedriveDelivery")]
    [Tags("Subscriptions")]
    [ProducesResponseType<DeliveryView>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public static Task<IResult> Post(string id, string deliveryId, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, new RedriveRequest(), (_, _, _) => new RedriveDelivery(id, deliveryId), async (_, query, ct) =>
            await query.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(id, deliveryId), ct) is { } delivery
                ? Results.Accepted($"/api/subscriptions/{id}/deliveries?status=pending", DeliveryView.From(delivery))
                : Problems.NotFound("deliveryId", $"Delivery '{deliveryId}' of subscription '{id}'"));

    /// <summary>A redrive has no body; the command endpoint takes one.</summary>
    private sealed record RedriveRequest;
}

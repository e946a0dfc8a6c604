namespace ClaimsLedger.Api.Subscriptions;

/// <summary>Stops a subscription: no notification after the removal is sent, and those still pending are cancelled.</summary>
public sealed record RemoveSubscription(string SubscriptionId) : IStreamCommand
{
    public string StreamId => SubscriptionStreams.IdFor(SubscriptionId);
    public long? ExpectedVersion => null;

    public static Decision Decide(SubscriptionState subscription, RemoveSubscription command, string actor) =>
        subscription.Removed ? Decision.Unchanged : Decision.Change(new SubscriptionRemoved(command.SubscriptionId, actor));
}

public static class RemoveSubscriptionHandler
{
    /// <summary>
    /// The secret goes, and the deliveries not yet made are cancelled, in the transaction that records the removal: its
    /// answer, and any read after it, shows them cancelled. An attempt under way meanwhile leaves them so
    /// (<see cref="WebhookDispatcher"/> records an attempt under a lock on its delivery).
    /// </summary>
    public static (Events, CommandOutcome, IMartenOp, IMartenOp) Handle(RemoveSubscription command,
        [WriteAggregate(nameof(RemoveSubscription.StreamId), Required = false)] SubscriptionState? subscription, Envelope envelope)
    {
        var (events, outcome) = Decide.OnStream(command, subscription, envelope, RemoveSubscription.Decide);
        if (outcome.Outcome != Outcome.Changed) return (events, outcome, MartenOps.Nothing(), MartenOps.Nothing());
        var id = command.SubscriptionId;
        return (events, outcome, MartenOps.Delete<WebhookSecret>(id), MartenOps.PatchWhere<WebhookDelivery>(
            d => d.SubscriptionId == id && (d.Status == DeliveryStatus.Pending || d.Status == DeliveryStatus.Retrying),
            patch => patch.Set(d => d.Status, DeliveryStatus.Cancelled)));
    }

    /// <summary>
    /// Removes a subscription (recorded with who and when): nothing after the removal is sent, and deliveries still
    /// pending are cancelled. Removing it again changes nothing and answers the same.
    /// </summary>
    [WolverineDelete("/api/subscriptions/{id}", OperationId = "RemoveSubscription")]
    [Tags("Subscriptions")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status200OK)]
    public static Task<IResult> Delete(string id, HttpContext http, IMessageContext bus) =>
        bus.SendAsync(http, new RemoveRequest(), (_, _, _) => new RemoveSubscription(id), async (outcome, query, ct) =>
            await SubscriptionView.LoadAsync(query, id, ct) is { } view ? Results.Ok(view with { Position = outcome.Position }) : Problems.NotFound("id", $"Subscription '{id}'"));

    /// <summary>DELETE has no body; the command endpoint takes one.</summary>
    private sealed record RemoveRequest;
}

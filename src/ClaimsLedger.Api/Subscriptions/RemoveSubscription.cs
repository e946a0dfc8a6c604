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
    public static (Events, CommandOutcome, IMartenOp) Handle(RemoveSubscription command,
        [WriteAggregate(nameof(RemoveSubscription.StreamId), Required = false)] SubscriptionState? subscription, Envelope envelope)
    {
        var (events, outcome) = Decide.OnStream(command, subscription, envelope, RemoveSubscription.Decide);
        IMartenOp secret = outcome.Outcome == Outcome.Changed ? MartenOps.Delete<WebhookSecret>(command.SubscriptionId) : MartenOps.Nothing();
        return (events, outcome, secret);
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

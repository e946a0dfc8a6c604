namespace ClaimsLedger.Api.Subscriptions;

public static class GetSubscriptionsEndpoint
{
    public const int MaxListed = 1000;

    /// <summary>Every subscription, removed ones included (they say when and by whom), oldest first.</summary>
    [WolverineGet("/api/subscriptions", OperationId = "ListSubscriptions")]
    [Tags("Subscriptions")]
    [ProducesResponseType<List<SubscriptionView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> List(IQuerySession session, CancellationToken ct)
    {
        var all = await session.Query<WebhookSubscription>().OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Take(MaxListed).ToListAsync(ct);
        var placed = await SubscriptionPositions.FillAsync(session, all, ct);
        return Results.Ok(placed.OrderBy(s => s.CreatedAtPosition).Select(SubscriptionView.From).ToList());
    }

    /// <summary>One subscription, removed or not; its secret is never shown again, only its fingerprint.</summary>
    [WolverineGet("/api/subscriptions/{id}", OperationId = "GetSubscription")]
    [Tags("Subscriptions")]
    [ProducesResponseType<SubscriptionView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, IQuerySession session, CancellationToken ct) =>
        await SubscriptionView.LoadAsync(session, id, ct) is { } view ? Results.Ok(view) : Problems.NotFound("id", $"Subscription '{id}'");
}

using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>A delivery as served; <see cref="Id"/> is the notification's webhook-id, unique within the subscription.</summary>
/// <param name="Id">The notification's webhook-id (evt_{position} or aln_{position}_{subject}), the same on every attempt: receivers drop repeats by it.</param>
/// <param name="Kind">What the notification is about.</param>
/// <param name="Position">The ledger position of the event it is about (for an alignment change, the causing event).</param>
/// <param name="Subject">The subject of an alignment change; absent for a raw event.</param>
/// <param name="EventType">The event type, or alignment.changed.</param>
/// <param name="Status">Where the delivery stands.</param>
/// <param name="AttemptCount">How many attempts were made, redriven ones included.</param>
/// <param name="LastError">Why the last failed attempt failed.</param>
/// <param name="EnqueuedAt">When the notification was enqueued (in the transaction that relayed its event).</param>
/// <param name="LastAttemptAt">When the last attempt started.</param>
/// <param name="DeliveredAt">When the receiver answered 2xx.</param>
/// <param name="DeadAt">When the last allowed attempt failed (ClaimsLedger:Webhooks:MaxAttempts).</param>
/// <param name="RedrivenBy">Who last redrove it after it was dead.</param>
/// <param name="RedrivenAt">When it was last redriven.</param>
/// <param name="Attempts">Every attempt (the latest 50), oldest first.</param>
public sealed record DeliveryView(string Id, NotificationKind Kind, long Position, string? Subject, string EventType, DeliveryStatus Status,
    int AttemptCount, string? LastError, DateTimeOffset EnqueuedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt,
    DateTimeOffset? DeadAt, string? RedrivenBy, DateTimeOffset? RedrivenAt, IReadOnlyList<DeliveryAttempt> Attempts)
{
    public static DeliveryView From(WebhookDelivery d) => new(d.NotificationId, d.Kind, d.Sequence, d.Subject, d.EventType, d.Status,
        d.AttemptCount, d.LastError, d.EnqueuedAt, d.LastAttemptAt, d.DeliveredAt, d.DeadAt, d.RedrivenBy, d.RedrivenAt, d.Attempts);
}

public static class GetDeliveriesEndpoint
{
    /// <summary>A subscription's deliveries in ledger order, each with every attempt; <c>status</c> narrows them (e.g. dead).</summary>
    [WolverineGet("/api/subscriptions/{id}/deliveries", OperationId = "ListDeliveries")]
    [Tags("Subscriptions")]
    [ProducesResponseType<Paged<DeliveryView>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string id, string? status, int? page, int? pageSize, IQuerySession session, CancellationToken ct)
    {
        var errors = new FieldErrors();
        DeliveryStatus? wanted = null;
        if (status is not null)
        {
            if (EnumQuery.TryParse<DeliveryStatus>(status, StringComparison.OrdinalIgnoreCase, out var parsed)) wanted = parsed;
            else errors.Add("status", "must be pending, retrying, delivered, dead or cancelled.");
        }
        var (p, size) = Paging.Read(page, pageSize, errors);
        if (errors.Any) return errors.ToProblem();
        if (await session.LoadAsync<WebhookSubscription>(SubscriptionStreams.IdFor(id), ct) is null) return Problems.NotFound("id", $"Subscription '{id}'");

        var query = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == id);
        if (wanted is { } s) query = query.Where(d => d.Status == s);
        // Ordered by the id after the sequence: within one subscription it orders as the notification id does, and it is a
        // column, so the page's ids come from the (subscription, sequence) index without reading a delivery. Marten's paged
        // list counted with count(*) over(), reading every delivery of the subscription (one an event it relayed) for each page.
        var (deliveries, total) = await session.PageAsync(query, q => q.OrderBy(d => d.Sequence).ThenBy(d => d.Id), d => d.Id, p, size, ct,
            counted: c => KeptCounts.TotalAsync(session, KeptCounts.Deliveries, KeptCounts.DeliveriesOf(id, wanted), c));
        return Results.Ok(new Paged<DeliveryView>(deliveries.Select(DeliveryView.From).ToList(), p, size, total));
    }
}

using System.Text.Json.Serialization;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>The read model of one subscription (document id: its stream id), projected in the writing transaction.</summary>
public sealed class WebhookSubscription
{
    public string Id { get; set; } = "";
    public string SubscriptionId { get; set; } = "";
    public string Url { get; set; } = "";
    public bool Events { get; set; }
    public List<string> Types { get; set; } = [];
    public bool AlignmentChanges { get; set; }
    public List<string> Subjects { get; set; } = [];
    public string SecretFingerprint { get; set; } = "";
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The position of the subscription's creation: 0 as projected (see <see cref="SubscriptionPositions"/>), read from its event where it is needed.</summary>
    public long CreatedAtPosition { get; set; }
    public bool Removed { get; set; }
    public string? RemovedBy { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
    public long? RemovedAtPosition { get; set; }
    public long Version { get; set; }

    /// <summary>
    /// Whether the notification of the event at <paramref name="position"/> is this subscription's: it must come after
    /// the subscription and before its removal. Decided by positions, never by when the relay happens to run, so a
    /// relay that replays or lags sends exactly the same notifications.
    /// </summary>
    public bool ActiveAt(long position) => CreatedAtPosition < position && (RemovedAtPosition is not { } removed || position < removed);

    public bool WantsEvent(string type) => Events && (Types.Count == 0 || Types.Contains(type, StringComparer.Ordinal));

    public bool WantsAlignmentChange(string subject) => AlignmentChanges && (Subjects.Count == 0 || Subjects.Contains(subject, StringComparer.Ordinal));
}

public sealed partial class WebhookSubscriptionProjection : SingleStreamProjection<WebhookSubscription, string>
{
    public WebhookSubscription Create(IEvent<SubscriptionCreated> @event)
    {
        var e = @event.Data;
        return new WebhookSubscription
        {
            Id = @event.StreamKey ?? SubscriptionStreams.IdFor(e.SubscriptionId), SubscriptionId = e.SubscriptionId, Url = e.Url,
            Events = e.Events, Types = e.Types.ToList(), AlignmentChanges = e.AlignmentChanges, Subjects = e.Subjects.ToList(),
            SecretFingerprint = e.SecretFingerprint, CreatedBy = e.Actor, CreatedAt = @event.Timestamp, CreatedAtPosition = @event.Sequence,
        };
    }

    public void Apply(IEvent<SubscriptionRemoved> @event, WebhookSubscription subscription)
    {
        subscription.Removed = true;
        subscription.RemovedBy = @event.Data.Actor;
        subscription.RemovedAt = @event.Timestamp;
        subscription.RemovedAtPosition = @event.Sequence;
    }
}

/// <summary>A subscription as served. <see cref="Secret"/> appears once, in the answer that generated it.</summary>
/// <param name="Id">The subscription's id (its stream is sub-{id}).</param>
/// <param name="Url">Where notifications are POSTed.</param>
/// <param name="Events">Whether raw ledger events are sent.</param>
/// <param name="Types">The raw event types sent; empty: every type.</param>
/// <param name="AlignmentChanges">Whether alignment.changed notifications are sent.</param>
/// <param name="Subjects">The subjects whose alignment changes are sent; empty: every subject.</param>
/// <param name="SecretFingerprint">sha256: + the first 12 hex digits of the SHA-256 of the secret, to tell which secret a receiver holds.</param>
/// <param name="CreatedBy">Who subscribed the receiver.</param>
/// <param name="CreatedAt">When the subscription was recorded.</param>
/// <param name="CreatedAtPosition">The ledger position of its creation: notifications are for events after it.</param>
/// <param name="Removed">Whether the subscription has been removed.</param>
/// <param name="RemovedBy">Who removed it.</param>
/// <param name="RemovedAt">When it was removed.</param>
public sealed record SubscriptionView(string Id, string Url, bool Events, IReadOnlyList<string> Types, bool AlignmentChanges,
    IReadOnlyList<string> Subjects, string SecretFingerprint, string CreatedBy, DateTimeOffset CreatedAt, long CreatedAtPosition,
    bool Removed, string? RemovedBy, DateTimeOffset? RemovedAt)
{
    /// <summary>The signing secret (whsec_…), in the answer that generated it only: keep it, it is not shown again.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Secret { get; init; }

    /// <summary>The ledger position a write reached (as every write answers it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Position { get; init; }

    public static SubscriptionView From(WebhookSubscription s) => new(s.SubscriptionId, s.Url, s.Events, s.Types, s.AlignmentChanges, s.Subjects,
        s.SecretFingerprint, s.CreatedBy, s.CreatedAt, s.CreatedAtPosition, s.Removed, s.RemovedBy, s.RemovedAt);

    public static async Task<SubscriptionView?> LoadAsync(IQuerySession query, string subscriptionId, CancellationToken ct) =>
        await query.LoadAsync<WebhookSubscription>(SubscriptionStreams.IdFor(subscriptionId), ct) is { } s
            ? From((await SubscriptionPositions.FillAsync(query, [s], ct))[0])
            : null;
}

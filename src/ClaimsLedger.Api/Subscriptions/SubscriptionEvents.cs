using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Subscriptions;

// The stored schema of a webhook subscription stream (stream id: sub-{id}). Who registered a receiver of the ledger's
// data, and who stopped it, is audited like any other change. The secret is not in these events: events are kept
// forever and served to auditors, so they carry only its fingerprint; the secret itself is a document (WebhookSecret)
// written in the same transaction and deleted with the subscription.

/// <summary>
/// An admin asked for notifications at <paramref name="Url"/>: raw events (of <paramref name="Types"/>, or all) and/or
/// alignment changes (of <paramref name="Subjects"/>, or all), signed with the secret whose fingerprint is given.
/// </summary>
public sealed record SubscriptionCreated(string SubscriptionId, string Url, bool Events, IReadOnlyList<string> Types, bool AlignmentChanges,
    IReadOnlyList<string> Subjects, string SecretFingerprint, string Actor) : IActorEvent;

/// <summary>No further notifications; deliveries not yet made are cancelled.</summary>
public sealed record SubscriptionRemoved(string SubscriptionId, string Actor) : IActorEvent;

/// <summary>
/// An admin sent a dead notification (webhook-id <paramref name="DeliveryId"/>) again with a fresh set of attempts. The
/// attempts themselves are operational state (the delivery document); who chose to send again is audited here.
/// </summary>
public sealed record DeliveryRedriven(string SubscriptionId, string DeliveryId, string Actor) : IActorEvent;

public static class SubscriptionStreams
{
    public static string IdFor(string subscriptionId) => StreamIds.Subscription + subscriptionId;

    public static bool IsSubscriptionStream(string? streamId) => streamId?.StartsWith(StreamIds.Subscription, StringComparison.Ordinal) == true;
}

/// <summary>The write model of a subscription stream: whether it has been removed.</summary>
public sealed partial record SubscriptionState(string Id, bool Removed) : IWriteModel
{
    public static string Kind => "Subscription";

    public long Version { get; set; }

    public static SubscriptionState Create(SubscriptionCreated e) => new(e.SubscriptionId, false);
    public SubscriptionState Apply(SubscriptionRemoved _) => this with { Removed = true };
}

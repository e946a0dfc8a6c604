using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Enqueued (or redriven), not attempted yet.</summary>
    Pending,

    /// <summary>Failed at least once; the next attempt follows after an exponentially growing pause.</summary>
    Retrying,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Every allowed attempt failed; it waits for a redrive.</summary>
    Dead,

    /// <summary>Not sent, or not again: its subscription was removed first (an attempt already under way is still listed).</summary>
    Cancelled,
}

/// <summary>What a notification is: a raw event, or one subject's alignment change caused by an event.</summary>
public enum NotificationKind
{
    /// <summary>A ledger event (<c>ledger.event</c>), as the change feed serves it.</summary>
    Event,

    /// <summary>One subject's alignment moved (<c>alignment.changed</c>), as GET /api/alignments/changes serves it.</summary>
    AlignmentChanged,
}

/// <summary>
/// One notification to one subscription and every attempt to deliver it. Operational data, not ledger facts: a document
/// rewritten as attempts happen (and deleted with the rest when the store is reset), so the ledger's events stay the
/// record of what was decided, not of how often a receiver was down. Its id is (subscription, notification), which is
/// what makes a notification enqueued at most once per subscription however often the relay replays.
/// </summary>
public sealed class WebhookDelivery
{
    public const int KeptAttempts = 50;

    public string Id { get; set; } = "";
    public string SubscriptionId { get; set; } = "";

    /// <summary>The webhook-id header: the same for every attempt, so receivers drop repeats.</summary>
    public string NotificationId { get; set; } = "";

    public NotificationKind Kind { get; set; }

    /// <summary>The position of the event the notification is about (for an alignment change, the event that caused it).</summary>
    public long Sequence { get; set; }

    public string? Subject { get; set; }
    public string EventType { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int AttemptCount { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset EnqueuedAt { get; set; }
    public DateTimeOffset? LastAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset? DeadAt { get; set; }

    /// <summary>
    /// The Wolverine envelope that was dead-lettered, so a redrive can clear it from Wolverine's dead letters: set on
    /// deliveries that died before a dead delivery's message was simply done (DeliverWebhook), none since.
    /// </summary>
    public Guid? DeadEnvelopeId { get; set; }

    public string? RedrivenBy { get; set; }
    public DateTimeOffset? RedrivenAt { get; set; }

    /// <summary>The latest <see cref="KeptAttempts"/> attempts, oldest first.</summary>
    public List<DeliveryAttempt> Attempts { get; set; } = [];

    /// <summary>
    /// A subscription's deliveries are listed in ledger order through a (subscription, sequence) index, and those in one
    /// status through a (subscription, status, sequence) index, so a page of the few dead ones among a million
    /// delivered is found where it starts instead of by reading every delivery's JSON (0.3-1.3 s a page at a million).
    /// The status is a column for that index: an index over the JSON would make every rewrite of a delivery (an attempt
    /// that keeps its status) update every index; on the column only a change of status does. A ledger written before the
    /// column had it filled from the JSON when the schema was migrated (Marten's update when it adds a duplicated column).
    /// </summary>
    public static void ConfigureMarten(Marten.Schema.DocumentMapping mapping)
    {
        PlainColumns.Add(mapping, nameof(SubscriptionId), nameof(Sequence), nameof(Status));
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_webhookdelivery_subscription_sequence")
        {
            Columns = ["subscription_id", "sequence"],
        });
        mapping.Indexes.Add(new Weasel.Postgresql.Tables.IndexDefinition("ix_webhookdelivery_subscription_status_sequence")
        {
            Columns = ["subscription_id", "status", "sequence"],
        });
    }

    public static string IdFor(string subscriptionId, string notificationId) => $"{subscriptionId}/{notificationId}";

    public static string EventNotificationId(long sequence) => $"evt_{sequence}";

    public static string AlignmentNotificationId(long sequence, string subject) => $"aln_{sequence}_{subject}";

    /// <summary>The body, when it was fixed at enqueueing (alignment changes; an event's is read from the ledger when sent).</summary>
    public string? Body { get; set; }

    public static WebhookDelivery For(string subscriptionId, NotificationKind kind, long sequence, string? subject, string eventType, DateTimeOffset now,
        string? body = null)
    {
        var notification = kind == NotificationKind.Event ? EventNotificationId(sequence) : AlignmentNotificationId(sequence, subject!);
        return new WebhookDelivery
        {
            Id = IdFor(subscriptionId, notification), SubscriptionId = subscriptionId, NotificationId = notification, Kind = kind,
            Sequence = sequence, Subject = subject, EventType = eventType, Status = DeliveryStatus.Pending, EnqueuedAt = now, Body = body,
        };
    }

    public void Record(DeliveryAttempt attempt, bool last)
    {
        AttemptCount++;
        LastAttemptAt = attempt.At;
        Attempts.Add(attempt);
        if (Attempts.Count > KeptAttempts) Attempts.RemoveRange(0, Attempts.Count - KeptAttempts);
        if (attempt.Error is not null) LastError = attempt.Error;
        // Its subscription was removed while this attempt was under way: it stays cancelled, as the removal answered.
        if (Status == DeliveryStatus.Cancelled) return;
        if (attempt.Error is null)
        {
            Status = DeliveryStatus.Delivered;
            DeliveredAt = attempt.At;
            return;
        }
        Status = last ? DeliveryStatus.Dead : DeliveryStatus.Retrying;
        if (last) DeadAt = attempt.At;
    }

    public void Redrive(string actor, DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        DeadAt = null;
        DeadEnvelopeId = null;
        RedrivenBy = actor;
        RedrivenAt = now;
    }
}

/// <summary>One attempt: when, how long it took, the receiver's status code if it answered, and why it failed if it did.</summary>
/// <param name="Number">The attempt's number, from 1, counting on across a redrive.</param>
/// <param name="At">When it started.</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
/// <param name="StatusCode">The receiver's HTTP status; absent if it did not answer (refused, timed out).</param>
/// <param name="Error">Why it failed; absent if it was delivered.</param>
public sealed record DeliveryAttempt(int Number, DateTimeOffset At, long DurationMs, int? StatusCode, string? Error);

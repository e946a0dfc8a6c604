using System.Diagnostics;
using System.Text.Json;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Postgres;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Microsoft.Extensions.Options;
using Wolverine.Marten.Subscriptions;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>
/// Turns the ledger into deliveries, durably. Each relay is a Marten subscription run by the async daemon (on one node at
/// a time, page after page in sequence order, never past the high-water mark) through Wolverine: for a page it stores a
/// <see cref="WebhookDelivery"/> per (subscription, notification) and publishes a <see cref="DeliverWebhook"/> to the
/// durable local queue, and Wolverine commits those documents, those envelopes (its inbox table) and the relay's progress
/// in one PostgreSQL transaction. A crash before that commit leaves the page to be relayed again; a crash after it leaves
/// the envelopes in the inbox, where Wolverine recovers them. Nothing in between can be lost, and a page relayed again (a
/// rewind, a replay) finds its deliveries already stored and enqueues nothing twice.
/// </summary>
public abstract class WebhookRelay : BatchSubscription
{
    private readonly TimeProvider _clock;

    protected WebhookRelay(string name, TimeProvider clock) : base(name)
    {
        _clock = clock;
        // Registered as services, not among the store's projections, which MartenSetup bounds.
        DaemonLoadAhead.Bound(Options);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations, IMessageBus bus,
        CancellationToken ct)
    {
        var notifications = await NotificationsAsync(page, operations, ct);
        if (notifications.Count == 0) return;
        // Removed subscriptions are left out here only when removed well before the page's events were stamped (an hour:
        // no command runs that long), since the documents' positions are not theirs (SubscriptionPositions); the events'
        // positions then decide, exactly, which notifications each subscription is sent. Marten's tombstones in the page
        // are stamped -infinity: not events, and no time to count back from.
        var stamped = page.Events.Where(e => e.StreamKey != Tombstone.StreamKey).Select(e => e.Timestamp).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
        var earliest = stamped > DateTimeOffset.MinValue.AddHours(1) ? stamped.AddHours(-1) : DateTimeOffset.MinValue;
        var candidates = (await operations.Query<WebhookSubscription>()
                .Where(s => !s.Removed || s.RemovedAt > earliest).ToListAsync(ct))
            .Where(Wants).ToList();
        var subscriptions = (await SubscriptionPositions.FillAsync(operations, candidates, ct)).OrderBy(s => s.CreatedAtPosition).ToList();
        if (subscriptions.Count == 0) return;

        var now = _clock.GetUtcNow();
        var deliveries = (
            from n in notifications
            from s in subscriptions
            where s.ActiveAt(n.Sequence) && (n.Kind == NotificationKind.Event ? s.WantsEvent(n.Type) : s.WantsAlignmentChange(n.Subject!))
            select WebhookDelivery.For(s.SubscriptionId, n.Kind, n.Sequence, n.Subject, n.Type, now, n.Body)).ToList();
        if (deliveries.Count == 0) return;

        var known = (await operations.LoadManyAsync<WebhookDelivery>(ct, deliveries.Select(d => d.Id).ToArray())).Select(d => d.Id).ToHashSet();
        // In ledger order, so each subscription's messages enter its lane of the queue in ledger order.
        foreach (var delivery in deliveries.Where(d => !known.Contains(d.Id)))
        {
            operations.Store(delivery);
            await bus.PublishAsync(new DeliverWebhook(delivery.SubscriptionId, delivery.NotificationId));
        }
    }

    protected abstract bool Wants(WebhookSubscription subscription);

    /// <summary>A notification: what it is about, and its body when that must be fixed now rather than read when it is sent.</summary>
    protected sealed record Notification(NotificationKind Kind, long Sequence, string? Subject, string Type, string? Body = null);

    /// <summary>The notifications to relay for a page, in ledger order.</summary>
    protected abstract Task<IReadOnlyList<Notification>> NotificationsAsync(EventRange page, IDocumentOperations operations, CancellationToken ct);
}

/// <summary>
/// Raw events, every stream's but the subscriptions' own (and not Marten's tombstones, which are no events). An event never
/// changes, so its body is read when it is sent.
/// </summary>
public sealed class WebhookEventRelay(TimeProvider clock) : WebhookRelay(Name, clock)
{
    public const string Name = "WebhookEvents";

    protected override bool Wants(WebhookSubscription subscription) => subscription.Events;

    protected override Task<IReadOnlyList<Notification>> NotificationsAsync(EventRange page, IDocumentOperations operations, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<Notification>>(page.Events
            .Where(e => ChangeFeed.Serves(e.StreamKey))
            .OrderBy(e => e.Sequence)
            .Select(e => new Notification(NotificationKind.Event, e.Sequence, null, e.EventTypeName))
            .ToList());
}

/// <summary>
/// Alignment changes: a subscription over the alignment projection's change documents, rather than scoring again, with a
/// cursor of its own (<see cref="AlignmentRelayCursor"/>, (sequence, subject), committed with the deliveries). The event
/// pages only wake it. The projection commits its documents with its progress, batch after batch in sequence order, so
/// what is visible past the cursor is always a gap-free run; a page first waits until the projection has passed the
/// page's last event, so the changes those events caused are there. While the alignment is rebuilt its documents are torn
/// down and written again with the same ids: the cursor simply finds nothing new until the replay passes it, so nothing is
/// skipped and nothing sent twice, and the rebuild's own completion event wakes the relay. A notification's body is fixed
/// when it is enqueued, so a rebuild under way when it is sent does not hold it up.
/// A projection side effect (RaiseSideEffects, slice.PublishMessage) was the alternative, but the alignment is a
/// hand-written IProjection, which has no side-effect hook, and this keeps the projection unaware of who listens.
/// </summary>
public sealed class WebhookAlignmentRelay(TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ILogger<WebhookAlignmentRelay> log)
    : WebhookRelay(Name, clock)
{
    public const string Name = "WebhookAlignment";
    private const int Chunk = 1000;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50), WarnEvery = TimeSpan.FromMinutes(1);

    protected override bool Wants(WebhookSubscription subscription) => subscription.AlignmentChanges;

    protected override async Task<IReadOnlyList<Notification>> NotificationsAsync(EventRange page, IDocumentOperations operations, CancellationToken ct)
    {
        // One instance, moved in place and stored once: the session tracks what it loaded, and a second instance with the
        // same id would fail the page (and pause the relay).
        var cursor = await operations.LoadAsync<AlignmentRelayCursor>(AlignmentRelayCursor.TheId, ct) ?? new AlignmentRelayCursor();
        var from = cursor.Sequence;
        var listeners = await operations.Query<WebhookSubscription>().Where(s => s.AlignmentChanges).ToListAsync(ct);
        if (!(await SubscriptionPositions.FillAsync(operations, listeners, ct)).Any(s => s.RemovedAtPosition is not { } removed || removed > from))
        {
            // Nobody listens: skip what the projection has already written. A subscription created later is positioned after
            // it (it commits beyond the high-water mark the projection's progress is bounded by), so it misses nothing.
            var reached = (await LedgerProgress.ReadAsync(operations.DocumentStore, ct)).Alignment;
            if (reached > cursor.Sequence)
            {
                cursor.MoveTo(reached, null);
                operations.Store(cursor);
            }
            return [];
        }

        await WaitForAlignmentAsync(operations.DocumentStore, page.SequenceCeiling, ct);
        var notifications = new List<Notification>();
        while (true)
        {
            var changes = await AlignmentChangeFeed.AfterAsync(operations, new AlignmentCursor(cursor.Sequence, cursor.Subject), [], Chunk, ct);
            notifications.AddRange(changes.Select(Notify));
            if (changes.Count > 0) cursor.MoveTo(changes[^1].Sequence, changes[^1].Subject);
            if (changes.Count < Chunk) break;
        }
        operations.Store(cursor);
        return notifications;
    }

    private Notification Notify(AlignmentChange change)
    {
        var entry = AlignmentChangeEntry.From(change);
        var body = JsonSerializer.Serialize(new WebhookPayloads.Notification(AlignmentChangeEntry.Type, entry.Timestamp, entry), json.Value.SerializerOptions);
        return new Notification(NotificationKind.AlignmentChanged, change.Sequence, change.Subject, AlignmentChangeEntry.Type, body);
    }

    private async Task WaitForAlignmentAsync(IDocumentStore store, long ceiling, CancellationToken ct)
    {
        var waiting = Stopwatch.StartNew();
        var warned = TimeSpan.Zero;
        while ((await LedgerProgress.ReadAsync(store, ct)).Alignment < ceiling)
        {
            if (waiting.Elapsed - warned >= WarnEvery)
            {
                warned = waiting.Elapsed;
                log.LogWarning("alignment.changed webhooks wait for the alignment projection to reach position {Position} ({Waited:0} s so far).",
                    ceiling, waiting.Elapsed.TotalSeconds);
            }
            await Task.Delay(Poll, ct);
        }
    }
}

/// <summary>
/// How far the alignment relay has read the change documents: after the change of <see cref="Subject"/> at
/// <see cref="Sequence"/>, or with no subject after every change up to <see cref="Sequence"/> (an <see cref="AlignmentCursor"/>).
/// </summary>
public sealed class AlignmentRelayCursor
{
    public const string TheId = "webhooks";

    public string Id { get; set; } = TheId;
    public long Sequence { get; set; }
    public string? Subject { get; set; }

    public void MoveTo(long sequence, string? subject) => (Sequence, Subject) = (sequence, subject);
}

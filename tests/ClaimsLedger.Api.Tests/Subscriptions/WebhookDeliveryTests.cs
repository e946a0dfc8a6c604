using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Admin;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>Webhooks to a real receiver on 127.0.0.1, through the durable queue, with the fixture's fast retries (0.1–0.5 s, 8 attempts).</summary>
public sealed class WebhookDeliveryTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task every_notification_arrives_once_signed_and_alignment_changes_in_order_per_subject()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver);

        var last = await WriteAsync();

        var (events, changes) = await ExpectedAsync(subscription, last);
        changes.GroupBy(c => c.Sequence).ShouldContain(g => g.Count() > 1, "the regrade should move two subjects at one position");
        var expected = events.Select(e => WebhookDelivery.EventNotificationId(e.Position))
            .Concat(changes.Select(c => WebhookDelivery.AlignmentNotificationId(c.Sequence, c.Subject))).ToHashSet();
        var received = await receiver.WaitForAsync(r => expected.IsSubsetOf(r.Select(x => x.Id)), Patience, "every notification");

        received.Select(r => r.Id).ShouldBe(expected, ignoreOrder: true);   // each once, nothing else
        receiver.All.Count.ShouldBe(expected.Count);
        received.Where(r => r.Type == "ledger.event").Select(r => r.Json["data"]!["position"]!.GetValue<long>()).ShouldBeInOrder();
        foreach (var subject in received.Where(r => r.Type == "alignment.changed").GroupBy(r => r.Json["data"]!["subject"]!.GetValue<string>()))
            subject.Select(r => r.Json["data"]!["sequence"]!.GetValue<long>()).ShouldBeInOrder();
        foreach (var r in received)
            StandardWebhooks.Verify(subscription.Secret!, r.Id, long.Parse(r.Timestamp), r.Body, r.Signature).ShouldBeTrue(r.Id);
        var claim = received.First(r => r.Json["data"]!["type"]?.GetValue<string>() == "claim_extracted");
        claim.Json["data"]!["actor"]!.GetValue<string>().ShouldBe(LedgerApi.DefaultActor);
        StandardWebhooks.Verify(subscription.Secret!, claim.Id, long.Parse(claim.Timestamp), claim.Body.Replace("KZ", "KG"), claim.Signature).ShouldBeFalse();

        // The receiver has its request before the API records the 200 it answered: wait for the log to hold every delivery.
        var log = await DeliveredAsync(subscription.Id, expected.Count);
        log.Total.ShouldBe(expected.Count);
        log.Items.ShouldAllBe(d => d.AttemptCount == 1 && d.Attempts.Single().StatusCode == 200);
        // In ledger order, a page at a time, the total counted past the page.
        log.Items.Select(d => d.Position).ShouldBeInOrder();
        var second = (await Api.Get($"/api/subscriptions/{subscription.Id}/deliveries?status=delivered&pageSize=1&page=2")).As<Paged<DeliveryView>>();
        (second.Total, second.Items.Single().Id).ShouldBe((expected.Count, log.Items[1].Id));
        var all = (await Api.Get($"/api/subscriptions/{subscription.Id}/deliveries?pageSize=2&page=3")).As<Paged<DeliveryView>>();
        all.Total.ShouldBe(expected.Count);
        all.Items.Select(d => d.Id).ShouldBe(log.Items.Skip(4).Take(2).Select(d => d.Id));
    }

    [Fact]
    public async Task a_receiver_that_fails_and_then_stops_listening_gets_everything_once_when_it_is_back()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, subjects = new[] { "KZ", "KG" }, types = new[] { "claim_extracted" } });
        receiver.FailWith = 503;

        var last = await WriteAsync();
        await receiver.WaitUntilAsync(r => r.Count >= 2, Patience, "failed attempts");
        await receiver.StopAsync();
        await Task.Delay(600);
        await receiver.StartAgainAsync();
        receiver.FailWith = 0;

        var (events, changes) = await ExpectedAsync(subscription, last);
        var expected = events.Where(e => e.Type == "claim_extracted").Select(e => WebhookDelivery.EventNotificationId(e.Position))
            .Concat(changes.Select(c => WebhookDelivery.AlignmentNotificationId(c.Sequence, c.Subject))).ToList();
        var received = await receiver.WaitForAsync(r => expected.All(r.Select(x => x.Id).Contains), Patience, "everything after the outage");
        received.Select(r => r.Id).ShouldBe(expected, ignoreOrder: true);
        var retried = (await DeliveredAsync(subscription.Id, expected.Count)).Items.Where(d => d.AttemptCount > 1).ToList();
        retried.ShouldNotBeEmpty();
        retried.ShouldAllBe(d => d.Attempts.First().StatusCode == 503 && d.Attempts.Last().StatusCode == 200);
    }

    [Fact]
    public async Task a_delivery_is_dead_after_the_last_attempt_and_a_redrive_delivers_it_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith = 500;
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, types = new[] { "source_registered" } });
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null));

        var dead = await WaitForAsync(async () => (await DeliveriesAsync(subscription.Id, "dead")).Items.SingleOrDefault(), "a dead delivery");
        dead.AttemptCount.ShouldBe(8);
        dead.LastError.ShouldBe("HTTP 500 Internal Server Error");
        receiver.All.Count.ShouldBe(8);
        receiver.FailWith = 0;

        var early = await Api.Post($"/api/subscriptions/{subscription.Id}/deliveries/nope/redrive", null, SubscriptionApiTests.Admin);
        var redriven = await Api.Post($"/api/subscriptions/{subscription.Id}/deliveries/{dead.Id}/redrive", null, SubscriptionApiTests.Admin);

        early.ShouldBeProblem(404, "deliveryId");
        redriven.Code.ShouldBe(202, redriven.Body);
        var received = await receiver.WaitForAsync(r => r.Count == 1, Patience, "the redriven delivery");
        received.Single().Id.ShouldBe(dead.Id);
        var delivered = await WaitForAsync(async () => (await DeliveriesAsync(subscription.Id, "delivered")).Items.SingleOrDefault(), "delivered");
        (delivered.AttemptCount, delivered.RedrivenBy).ShouldBe((9, SubscriptionApiTests.Admin));
        await using (var query = Fixture.Store.QuerySession())
        {
            var trail = await query.Events.FetchStreamAsync(SubscriptionStreams.IdFor(subscription.Id));
            trail[^1].Data.ShouldBe(new DeliveryRedriven(subscription.Id, dead.Id, SubscriptionApiTests.Admin));
        }
        (await Api.Post($"/api/subscriptions/{subscription.Id}/deliveries/{dead.Id}/redrive", null, SubscriptionApiTests.Admin)).ShouldBeProblem(409);
    }

    // Found by an outside sweep: a receiver that stays down was logged at error with a stack trace (Wolverine dead-lettering
    // the delivery's message), as if the ledger had failed.
    [Fact]
    public async Task a_dead_delivery_is_one_warning_naming_it_and_its_last_failure_without_a_stack_trace()
    {
        var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, types = new[] { "source_registered" } });
        await receiver.StopAsync();
        Fixture.Logs.Clear();

        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null));

        var dead = await WaitForAsync(async () => (await DeliveriesAsync(subscription.Id, "dead")).Items.SingleOrDefault(), "a dead delivery");
        // Wolverine logged a dead-lettered message just after the delivery was recorded dead.
        await Task.Delay(500);
        var logged = Fixture.Logs.GetSnapshot()
            .Where(r => r.Message.Contains(subscription.Id) || r.Exception?.ToString().Contains(subscription.Id) == true).ToList();
        var line = logged.ShouldHaveSingleItem();
        (line.Level, line.Exception).ShouldBe((LogLevel.Warning, null));
        line.Message.ShouldContain(dead.Id);
        line.Message.ShouldContain("after 8 attempts");
        line.Message.ShouldContain(dead.LastError!);
    }

    [Fact]
    public async Task a_removed_subscription_gets_nothing_more()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, types = new[] { "source_registered" } });
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan"));
        await receiver.WaitForAsync(r => r.Count == 1, Patience, "the first notification");

        await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{subscription.Id}", new Dictionary<string, string> { ["X-Actor"] = SubscriptionApiTests.Admin });
        var later = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<SourceView>().Position!.Value;
        await Fixture.WaitForProjectionsAsync();
        await Task.Delay(500);

        (await Api.Get($"/api/changes?after={later - 1}&minPosition={later}")).Json["items"]!.AsArray().ShouldNotBeEmpty();
        receiver.All.Count.ShouldBe(1);
    }

    // Found by an outside sweep: a removed subscription's pending deliveries kept their status until their next attempt,
    // up to a minute later; and an attempt under way when the removal landed recorded its outcome over the cancellation.
    [Fact]
    public async Task removing_a_subscription_cancels_its_pending_deliveries_before_it_answers_and_an_attempt_under_way_leaves_them_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, types = new[] { "source_registered" } });
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await receiver.WaitUntilAsync(_ => receiver.Arrived == 1, Patience, "the first attempt, held under way");
        await WaitForAsync(async () => await DeliveriesAsync(subscription.Id, "pending") is { Total: 2 } pending ? pending : null, "two pending deliveries");

        var removed = await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{subscription.Id}",
            new Dictionary<string, string> { ["X-Actor"] = SubscriptionApiTests.Admin });
        var cancelled = await DeliveriesAsync(subscription.Id, null);

        removed.Code.ShouldBe(200, removed.Body);
        cancelled.Items.Select(d => d.Status).ShouldBe([DeliveryStatus.Cancelled, DeliveryStatus.Cancelled]);
        (await DeliveriesAsync(subscription.Id, "cancelled")).Total.ShouldBe(2);

        // The receiver takes the attempt that was under way: it is recorded, and the delivery stays cancelled.
        receiver.Hold.SetResult();
        var attempted = await WaitForAsync(async () => (await DeliveriesAsync(subscription.Id, null)).Items.SingleOrDefault(d => d.AttemptCount == 1),
            "the attempt under way recorded");
        await Task.Delay(500);
        (attempted.Status, attempted.Attempts.Single().StatusCode).ShouldBe((DeliveryStatus.Cancelled, 200));
        (await DeliveriesAsync(subscription.Id, null)).Items.Select(d => (d.Status, d.AttemptCount))
            .ShouldBe([(DeliveryStatus.Cancelled, 1), (DeliveryStatus.Cancelled, 0)]);
        receiver.All.Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_subscription_is_sent_nothing_from_before_it_nor_a_tombstone_even_when_its_relay_trails_the_ledger()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var daemon = Fixture.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        var relay = $"{WebhookEventRelay.Name}:All";
        SubscriptionView subscription;
        long later, tombstone;
        await daemon.StopAgentAsync(relay);
        try
        {
            await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan"));
            subscription = await SubscribeAsync(receiver, new { url = receiver.Url });
            // A failed append's tombstone in the relay's next page: stamped -infinity, and no event to send.
            tombstone = await Tombstones.InsertAsync(Fixture.ConnectionString);
            later = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<SourceView>().Position!.Value;
        }
        finally
        {
            await daemon.StartAgentAsync(relay, CancellationToken.None);
        }

        subscription.CreatedAtPosition.ShouldBe(subscription.Position!.Value);
        (await Api.Get($"/api/subscriptions/{subscription.Id}")).As<SubscriptionView>().CreatedAtPosition.ShouldBe(subscription.Position!.Value);
        var events = (await Api.Get($"/api/changes?after={subscription.CreatedAtPosition}&minPosition={later}")).Json["items"]!.AsArray()
            .Select(e => new ChangeEntryWire(e!["position"]!.GetValue<long>(), e["type"]!.GetValue<string>())).ToList();
        events.ShouldNotBeEmpty();
        var expected = events.Select(e => WebhookDelivery.EventNotificationId(e.Position)).ToHashSet();
        await receiver.WaitForAsync(r => expected.IsSubsetOf(r.Select(x => x.Id)), Patience, "the events after the subscription");
        await Fixture.WaitForProjectionsAsync();
        await Task.Delay(500);
        receiver.All.Select(r => r.Id).ShouldBe(expected, ignoreOrder: true);
        events.ShouldAllBe(e => e.Position > subscription.CreatedAtPosition && e.Position <= later && e.Position != tombstone);
    }

    [Fact]
    public async Task an_alignment_rebuild_neither_repeats_nor_loses_alignment_notifications()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var subscription = await SubscribeAsync(receiver, new { url = receiver.Url, subjects = new[] { "KZ", "KG" } });
        var before = await WriteAsync();
        await receiver.WaitForAsync(r => r.Count >= 4, Patience, "the changes before the rebuild");

        var (_, rebuilt) = await Api.RebuildAsync(new { projections = new[] { "Alignment" } });
        var after = (await Api.Post("/api/sources/steppe/reliability", new { grade = "C", reason = "A correction was published." })).As<SourceView>();

        rebuilt.State.ShouldBe("completed");
        var (_, changes) = await ExpectedAsync(subscription, after.Position!.Value);
        changes.Count(c => c.Sequence > before).ShouldBe(2);
        var expected = changes.Select(c => WebhookDelivery.AlignmentNotificationId(c.Sequence, c.Subject)).ToList();
        await receiver.WaitForAsync(r => expected.All(r.Select(x => x.Id).Contains), Patience, "the change after the rebuild");
        await Task.Delay(300);
        receiver.Accepted.Select(r => r.Id).ShouldBe(expected, ignoreOrder: true);
    }

    private async Task<SubscriptionView> SubscribeAsync(WebhookReceiver receiver, object? body = null)
    {
        var created = await Api.Post("/api/subscriptions", body ?? new { url = receiver.Url }, SubscriptionApiTests.Admin);
        created.Code.ShouldBe(201, created.Body);
        return created.As<SubscriptionView>();
    }

    /// <summary>A source, claims about KZ and KG citing it, and a regrade of the source that moves both subjects at once.</summary>
    private async Task<long> WriteAsync()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        await Api.Post("/api/claims", new
        {
            subject = "KG", statement = "Kyrgyz trade with China rose sharply last year.",
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            validTime = "2023", evidence = Samples.Evidence("steppe", Samples.TradeText, "Trade between Astana and Beijing rose sharply last year."),
            confidence = 0.6,
        });
        var regrade = await Api.Post("/api/sources/steppe/reliability", new { grade = "A", reason = "Customs data confirmed." });
        regrade.Code.ShouldBe(200, regrade.Body);
        return regrade.As<SourceView>().Position!.Value;
    }

    /// <summary>What the feeds say happened after the subscription, once the alignment has caught up with the last write.</summary>
    private async Task<(List<ChangeEntryWire> Events, List<AlignmentChangeEntry> Changes)> ExpectedAsync(SubscriptionView subscription, long last)
    {
        var events = (await Api.Get($"/api/changes?after={subscription.CreatedAtPosition}&limit=1000&minPosition={last}")).Json["items"]!.AsArray()
            .Select(e => new ChangeEntryWire(e!["position"]!.GetValue<long>(), e["type"]!.GetValue<string>())).ToList();
        var changes = (await Api.Get($"/api/alignments/changes?after={subscription.CreatedAtPosition}&limit=1000&minPosition={last}"))
            .As<AlignmentChangePage>().Items.ToList();
        events.ShouldNotBeEmpty();
        changes.ShouldNotBeEmpty();
        return (events, changes);
    }

    private sealed record ChangeEntryWire(long Position, string Type);

    private async Task<Paged<DeliveryView>> DeliveriesAsync(string subscriptionId, string? status)
    {
        var reply = await Api.Get($"/api/subscriptions/{subscriptionId}/deliveries?{(status is null ? "" : $"status={status}&")}pageSize=200");
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<Paged<DeliveryView>>();
    }

    /// <summary>The delivered log once it holds at least <paramref name="count"/> deliveries.</summary>
    private Task<Paged<DeliveryView>> DeliveredAsync(string subscriptionId, int count) =>
        WaitForAsync(async () => await DeliveriesAsync(subscriptionId, "delivered") is { } log && log.Total >= count ? log : null,
            $"{count} deliveries logged as delivered");

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> read, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await read() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.");
            await Task.Delay(100);
        }
    }
}

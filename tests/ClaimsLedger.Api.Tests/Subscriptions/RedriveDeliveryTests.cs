using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>Redrives raced against each other: each dead delivery is sent again once, recorded once, whoever asks at the same moment.</summary>
public sealed class RedriveDeliveryTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const int Racers = 4;

    [Fact]
    public async Task concurrent_redrives_of_a_dead_delivery_accept_one_and_refuse_the_others_and_another_deliverys_redrive_is_not_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith = 500;
        var subscription = (await Api.Post("/api/subscriptions", new { url = receiver.Url, types = new[] { "source_registered" } },
            SubscriptionApiTests.Admin)).As<SubscriptionView>();
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: null));
        var dead = await DeadAsync(subscription.Id, count: 2);
        var attempts = receiver.All.Count;
        receiver.FailWith = 0;

        // Both deliveries at once, each asked for several times: the subscription's stream is where they meet.
        var replies = await Task.WhenAll(dead.SelectMany(d => Enumerable.Repeat(d, Racers)).Select(async d =>
            (Delivery: d, Reply: await Api.Post($"/api/subscriptions/{subscription.Id}/deliveries/{d}/redrive", null, SubscriptionApiTests.Admin))));

        foreach (var delivery in replies.GroupBy(r => r.Delivery))
        {
            delivery.Count(r => r.Reply.Code == 202).ShouldBe(1, string.Join("\n", delivery.Select(r => $"{r.Reply.Code} {r.Reply.Body}")));
            foreach (var (_, refused) in delivery.Where(r => r.Reply.Code != 202))
                refused.ShouldBeProblem(409).As<ProblemDetails>().Detail.ShouldNotBeNull().ShouldContain("only a dead delivery can be redriven");
        }
        await using (var query = Fixture.Store.QuerySession())
        {
            var trail = await query.Events.FetchStreamAsync(SubscriptionStreams.IdFor(subscription.Id));
            trail.Select(e => e.Data).OfType<DeliveryRedriven>().Select(e => e.DeliveryId).ShouldBe(dead, ignoreOrder: true);
        }
        await receiver.WaitForAsync(r => r.Count == dead.Count, Patience, "the redriven deliveries");
        await Task.Delay(500);
        receiver.All.Count.ShouldBe(attempts + dead.Count, "one delivery each, sent once");
    }

    [Fact]
    public async Task a_redrive_under_an_unknown_subscription_names_the_subscription()
    {
        (await Api.Post("/api/subscriptions/nope/deliveries/evt_1/redrive", null, SubscriptionApiTests.Admin)).ShouldBeProblem(404, "id");
    }

    private async Task<List<string>> DeadAsync(string subscriptionId, int count)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var dead = (await Api.Get($"/api/subscriptions/{subscriptionId}/deliveries?status=dead")).As<Paged<DeliveryView>>().Items;
            if (dead.Count == count) return dead.Select(d => d.Id).ToList();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {count} dead deliveries.");
            await Task.Delay(100);
        }
    }
}

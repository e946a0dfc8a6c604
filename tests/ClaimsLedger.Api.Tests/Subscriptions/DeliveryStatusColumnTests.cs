using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>
/// A subscription's deliveries in one status are found through the delivery's <c>status</c> column
/// (<see cref="WebhookDelivery.ConfigureMarten"/>). A ledger written before that column existed has it filled when the
/// start-up migration adds it; a column left empty would hide every delivery from a filtered page.
/// </summary>
public sealed class DeliveryStatusColumnTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task deliveries_written_before_the_status_column_are_found_by_status_after_the_start_up_migration()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await Api.Post("/api/subscriptions", new { url = receiver.Url, types = new[] { "source_retracted" } }, SubscriptionApiTests.Admin);
        created.Code.ShouldBe(201, created.Body);
        var subscription = created.As<SubscriptionView>();

        // Seven deliveries as the relay and the sender leave them: the second and the fifth dead, the rest delivered.
        await using (var session = Fixture.Store.LightweightSession())
        {
            foreach (var position in Enumerable.Range(1001, 7))
            {
                var delivery = WebhookDelivery.For(subscription.Id, NotificationKind.Event, position, null, "source_retracted", At);
                var failed = position % 3 == 0;
                delivery.Record(new DeliveryAttempt(1, At, 5, failed ? 500 : 200, failed ? "HTTP 500" : null), last: true);
                session.Store(delivery);
            }
            await session.SaveChangesAsync();
        }

        // The table as the build before the column left it, then the migration the next start runs.
        await Fixture.ExecuteSqlAsync($"alter table {MartenSetup.Schema}.mt_doc_webhookdelivery drop column status");
        var options = new StoreOptions();
        MartenSetup.Configure(options, Fixture.Services);
        await using (var restarted = new DocumentStore(options))
            await restarted.Storage.Database.ApplyAllConfiguredChangesToDatabaseAsync();

        var dead = (await Page(subscription.Id, "status=dead")).As<Paged<DeliveryView>>();
        dead.Total.ShouldBe(2);
        Ids(dead).ShouldBe(["evt_1002", "evt_1005"]);
        var delivered = (await Page(subscription.Id, "status=delivered&pageSize=2&page=2")).As<Paged<DeliveryView>>();
        delivered.Total.ShouldBe(5);
        Ids(delivered).ShouldBe(["evt_1004", "evt_1006"]);

        // A change of status after the migration moves the delivery between the filtered pages.
        await using (var session = Fixture.Store.LightweightSession())
        {
            var redriven = (await session.LoadAsync<WebhookDelivery>(WebhookDelivery.IdFor(subscription.Id, "evt_1002"))).ShouldNotBeNull();
            redriven.Redrive("ops@example.org", At.AddHours(1));
            session.Store(redriven);
            await session.SaveChangesAsync();
        }
        Ids((await Page(subscription.Id, "status=dead")).As<Paged<DeliveryView>>()).ShouldBe(["evt_1005"]);
        Ids((await Page(subscription.Id, "status=pending")).As<Paged<DeliveryView>>()).ShouldBe(["evt_1002"]);
    }

    private Task<Reply> Page(string subscriptionId, string query) => Api.Get($"/api/subscriptions/{subscriptionId}/deliveries?{query}");

    private static string[] Ids(Paged<DeliveryView> page) => page.Items.Select(d => d.Id).ToArray();
}

using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// The totals of the source list and of a subscription's deliveries are the counts kept as rows are written
/// (<see cref="KeptCounts"/>): each case below would show a total off by the rows it missed, or counted twice.
/// </summary>
public sealed class KeptCountsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Moves = $"claimsledger.{KeptCounts.Moves}";

    private async Task<long> SourcesTotal() => (await Api.Get("/api/sources?pageSize=1")).As<Paged<SourceView>>().Total;

    private async Task Register(params string[] ids)
    {
        foreach (var id in ids) (await Api.Post("/api/sources", Samples.Source(Samples.TradeText + " " + id, id: id))).Code.ShouldBe(201);
    }

    private Task Fold() => KeptCounts.FoldAsync(Fixture.Store, CancellationToken.None);

    [Fact]
    public async Task the_sources_total_is_the_kept_count_through_folds_resets_and_lost_triggers()
    {
        await Register("one", "two", "three");
        (await SourcesTotal()).ShouldBe(3);

        // A move no source made shows in the total: it is read from the counts, not counted.
        await Fixture.ExecuteSqlAsync($"insert into {Moves} values ('sources', 100)");
        (await SourcesTotal()).ShouldBe(103);
        await Fixture.ExecuteSqlAsync($"delete from {Moves} where n = 100");

        // Folded into the count and written on: the same totals.
        await Fold();
        (await Fixture.ScalarAsync<long>($"select count(*) from {Moves} where key = 'sources'")).ShouldBe(0);
        (await SourcesTotal()).ShouldBe(3);
        await Register("four");
        (await SourcesTotal()).ShouldBe(4);
        await Fold();
        (await SourcesTotal()).ShouldBe(4);

        // A reset empties the table in one statement, and its counts with it.
        await Fixture.ResetAsync();
        await Register("five");
        (await SourcesTotal()).ShouldBe(1);
        await Fold();
        await Register("six");
        (await SourcesTotal()).ShouldBe(2);

        // Without a trigger the count misses writes: the list counts its rows until the counts are taken again.
        await Fixture.ExecuteSqlAsync($"drop trigger {KeptCounts.Sources.Triggers[0]} on claimsledger.mt_doc_sourcedetails");
        await Register("seven");
        await Fixture.ExecuteSqlAsync($"insert into {Moves} values ('sources', 100)");
        (await SourcesTotal()).ShouldBe(3);
        await KeptCounts.EnsureAsync(Fixture.Store, CancellationToken.None);
        (await SourcesTotal()).ShouldBe(3);
        await Register("eight");
        (await SourcesTotal()).ShouldBe(4);
    }

    [Fact]
    public async Task a_subscriptions_delivery_totals_follow_each_delivery_between_statuses()
    {
        var now = DateTimeOffset.UtcNow;
        await using (var session = Fixture.Store.LightweightSession())
        {
            for (var sequence = 1; sequence <= 6; sequence++)
            {
                session.Store(WebhookDelivery.For("first", NotificationKind.Event, sequence, null, "claim_extracted", now));
                if (sequence <= 2) session.Store(WebhookDelivery.For("second", NotificationKind.Event, sequence, null, "claim_extracted", now));
            }
            await session.SaveChangesAsync();
        }
        await TotalsShouldBe(("first", null, 6), ("first", DeliveryStatus.Pending, 6), ("second", null, 2), ("first", DeliveryStatus.Dead, 0));

        // Attempts move deliveries between statuses (a rewrite that keeps its status moves nothing); a delivery deleted leaves.
        await using (var session = Fixture.Store.LightweightSession())
        {
            var deliveries = (await session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == "first").ToListAsync()).OrderBy(d => d.Sequence).ToList();
            deliveries[0].Record(new DeliveryAttempt(1, now, 12, 200, null), last: false);
            deliveries[1].Record(new DeliveryAttempt(1, now, 12, 500, "HTTP 500"), last: true);
            deliveries[2].Record(new DeliveryAttempt(1, now, 12, 503, "HTTP 503"), last: false);
            deliveries[3].EventType = "claim_extracted";
            foreach (var d in deliveries.Take(4)) session.Store(d);
            session.Delete(deliveries[5]);
            await session.SaveChangesAsync();
        }
        await TotalsShouldBe(("first", null, 5), ("first", DeliveryStatus.Pending, 2), ("first", DeliveryStatus.Delivered, 1),
            ("first", DeliveryStatus.Dead, 1), ("first", DeliveryStatus.Retrying, 1), ("second", DeliveryStatus.Pending, 2));
        await Fold();
        await TotalsShouldBe(("first", null, 5), ("first", DeliveryStatus.Pending, 2), ("first", DeliveryStatus.Dead, 1), ("second", null, 2));
    }

    /// <summary>Each kept total, and the same total counted.</summary>
    private async Task TotalsShouldBe(params (string Subscription, DeliveryStatus? Status, long Total)[] expected)
    {
        await using var session = Fixture.Store.QuerySession();
        foreach (var (subscription, status, total) in expected)
        {
            var kept = await KeptCounts.TotalAsync(session, KeptCounts.Deliveries, KeptCounts.DeliveriesOf(subscription, status), CancellationToken.None);
            var query = session.Query<WebhookDelivery>().Where(d => d.SubscriptionId == subscription);
            if (status is { } s) query = query.Where(d => d.Status == s);
            var counted = await query.CountAsync();
            (kept, (long)counted).ShouldBe(((long?)total, total), $"{subscription} {status}");
        }
    }
}

using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>
/// The API as a child process on a database of its own, killed with SIGKILL while notifications are committed but not
/// delivered (the receiver answers 503), then started again: every notification arrives, once.
/// </summary>
public sealed class WebhookCrashTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task notifications_committed_before_the_api_is_killed_are_delivered_after_it_restarts()
    {
        var database = await Fixture.NewDatabaseAsync($"claimsledger_crash_{Guid.NewGuid():N}");
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWith = 503;
        var settings = new Dictionary<string, string>
        {
            ["ClaimsLedger__Webhooks__AllowPrivateTargets"] = "true",
            ["ClaimsLedger__Webhooks__FirstRetryDelay"] = "00:00:00.200",
            ["ClaimsLedger__Webhooks__MaxRetryDelay"] = "00:00:00.500",
            ["ClaimsLedger__Webhooks__MaxAttempts"] = "25",
            // The restarted node takes over the killed one's deliveries after 2 s of its silence, not Wolverine's minute.
            ["ClaimsLedger__Webhooks__NodeTakeoverAfter"] = "00:00:02",
        };

        // Few distinct endpoints on purpose: each one's handler is compiled on its first use, which is most of this test's time.
        await using (var api = await RunningApi.StartAsync(database, settings))
        {
            using var client = new HttpClient { BaseAddress = api.Address };
            var ledger = new LedgerApi(client);
            (await ledger.Post("/api/subscriptions", new { url = receiver.Url, types = new[] { "source_registered" } }, SubscriptionApiTests.Admin))
                .Code.ShouldBe(201);
            (await ledger.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).Code.ShouldBe(201);
            await Explaining(api, () => receiver.WaitUntilAsync(r => r.Count > 0, Patience, "a failed attempt"));
            // Committed a moment before the kill: its notification may or may not have been relayed yet.
            (await ledger.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan"))).Code.ShouldBe(201);
        }   // disposing a RunningApi is SIGKILL: no shutdown, no flushing, nothing the process could do on the way out
        receiver.FailWith = 0;

        await using (var restarted = await RunningApi.StartAsync(database, settings))
        {
            var received = await Explaining(restarted, () => receiver.WaitForAsync(r => r.Count >= 2, Patience, "both notifications after the restart"));
            await Task.Delay(300);
            receiver.Accepted.Count.ShouldBe(2);
            received.Select(r => r.Json["data"]!["stream"]!.GetValue<string>()).ShouldBe(["steppe", "yerevan"], ignoreOrder: true);
            received.Select(r => r.Id).Distinct().Count().ShouldBe(2);
        }
    }

    /// <summary>What the API logged, added to a wait's timeout.</summary>
    private static async Task<T> Explaining<T>(RunningApi api, Func<Task<T>> wait)
    {
        try
        {
            return await wait();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe API logged:\n{api.Output}", e);
        }
    }

    private static Task<bool> Explaining(RunningApi api, Func<Task> wait) => Explaining(api, async () =>
    {
        await wait();
        return true;
    });
}

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ClaimsLedger.Api.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>
/// The issue's acceptance run, from a second process: the API's build output on a database of its own, a receiver on
/// 127.0.0.1 subscribed to alignment changes, 500 claims across 10 subjects while the receiver is stopped for 30 s and
/// the API is SIGKILLed once and restarted. Afterwards every alignment.changed the feed lists has been accepted, by id
/// exactly the feed's set, in order per subject, each signature valid by the documented algorithm (written out here,
/// not the API's own code).
/// </summary>
public sealed class WebhookOutageTests(LedgerFixture fixture, ITestOutputHelper output) : LedgerTest(fixture)
{
    private const int Claims = 500;
    private static readonly string[] Subjects = ["KZ", "KG", "UZ", "TJ", "TM", "AM", "AZ", "GE", "MN", "BY"];
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30), Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task every_alignment_change_arrives_once_by_id_through_a_receiver_outage_and_a_kill()
    {
        var database = await Fixture.NewDatabaseAsync($"claimsledger_outage_{Guid.NewGuid():N}");
        await using var receiver = await WebhookReceiver.StartAsync();
        // Enough attempts to outlast the outage: 0.2 + 0.4 + 0.8 + 1.6 s, then every 2 s, 25 attempts in all (about 45 s).
        var settings = new Dictionary<string, string>
        {
            ["ClaimsLedger__Webhooks__AllowPrivateTargets"] = "true",
            ["ClaimsLedger__Webhooks__FirstRetryDelay"] = "00:00:00.200",
            ["ClaimsLedger__Webhooks__MaxRetryDelay"] = "00:00:02",
            ["ClaimsLedger__Webhooks__MaxAttempts"] = "25",
            ["ClaimsLedger__Webhooks__NodeTakeoverAfter"] = "00:00:02",
        };
        var watch = Stopwatch.StartNew();
        string secret;
        Stopwatch down;

        await using (var api = await RunningApi.StartAsync(database, settings))
        {
            var ledger = Client(api);
            var created = await ledger.Post("/api/subscriptions", new { url = receiver.Url, subjects = Subjects }, SubscriptionApiTests.Admin);
            created.Code.ShouldBe(201, created.Body);
            secret = created.Json["secret"]!.GetValue<string>();
            (await ledger.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).Code.ShouldBe(201);
            await RecordAsync(ledger, 0, 200);
            await receiver.StopAsync();
            down = Stopwatch.StartNew();
            await RecordAsync(ledger, 200, 300);
        }   // SIGKILL, with notifications committed and not delivered

        await using var restarted = await RunningApi.StartAsync(database, settings);
        var client = Client(restarted);
        var last = await RecordAsync(client, 300, 400);
        if (down.Elapsed < Outage) await Task.Delay(Outage - down.Elapsed);
        await receiver.StartAgainAsync();
        output.WriteLine($"receiver down {down.Elapsed.TotalSeconds:0.0} s");
        last = Math.Max(last, await RecordAsync(client, 400, Claims));

        var expected = await AlignmentChangesAsync(client, last);
        var ids = expected.Select(c => c.Id).ToHashSet();
        try
        {
            await receiver.WaitForAsync(r => ids.IsSubsetOf(r.Select(x => x.Id)), Patience, $"{ids.Count} alignment changes");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nThe API logged:\n{restarted.Output}", e);
        }
        await Task.Delay(500);

        var accepted = receiver.Accepted;
        output.WriteLine($"{Claims} claims, {ids.Count} alignment changes, {receiver.All.Count} requests, {accepted.Count} accepted, "
            + $"{accepted.Count - accepted.Select(r => r.Id).Distinct().Count()} accepted again (same id), {watch.Elapsed.TotalSeconds:0} s");
        accepted.Select(r => r.Id).Distinct().ShouldBe(ids, ignoreOrder: true);
        accepted.ShouldAllBe(r => r.Type == "alignment.changed");
        foreach (var r in receiver.All) Verifies(secret, r).ShouldBeTrue(r.Id);
        var firstArrivals = accepted.DistinctBy(r => r.Id).ToList();
        foreach (var subject in firstArrivals.GroupBy(r => r.Json["data"]!["subject"]!.GetValue<string>()))
            subject.Select(r => r.Json["data"]!["sequence"]!.GetValue<long>()).ShouldBeInOrder(SortDirection.Ascending, subject.Key);
    }

    /// <summary>Claims <paramref name="from"/> up to <paramref name="to"/>, four at a time, round the subjects; the last position.</summary>
    private static async Task<long> RecordAsync(LedgerApi ledger, int from, int to)
    {
        long last = 0;
        await Parallel.ForEachAsync(Enumerable.Range(from, to - from), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var reply = await ledger.Post("/api/claims", new
            {
                subject = Subjects[i % Subjects.Length], statement = $"Trade with China rose sharply (report {i}).",
                effects = new[] { new { power = i % 3 == 0 ? "RU" : "CN", dimension = "economic", direction = "toward", strength = 1 + i % 3 } },
                validTime = "2023", evidence = Samples.Evidence("steppe", Samples.TradeText, "Trade between Astana and Beijing rose sharply last year."),
                confidence = 0.6,
            });
            reply.Code.ShouldBe(201, reply.Body);
            var position = reply.Json["position"]!.GetValue<long>();
            lock (Subjects) last = Math.Max(last, position);
        });
        return last;
    }

    private sealed record Change(string Id, string Subject, long Sequence);

    /// <summary>Every alignment change the feed lists once the projection has passed <paramref name="last"/>, as webhook ids.</summary>
    private static async Task<List<Change>> AlignmentChangesAsync(LedgerApi ledger, long last)
    {
        var changes = new List<Change>();
        string? after = "0";
        while (after is not null)
        {
            var page = await ledger.Get($"/api/alignments/changes?after={after}&limit=1000&minPosition={last}");
            // The projection may be further behind than the read's bound after 500 claims on a loaded machine: a 503 with
            // Retry-After says to ask again, as an integrator would.
            for (var deadline = DateTime.UtcNow + Patience; page.Code == 503 && DateTime.UtcNow < deadline;)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                page = await ledger.Get($"/api/alignments/changes?after={after}&limit=1000&minPosition={last}");
            }
            page.Code.ShouldBe(200, page.Body);
            changes.AddRange(page.Json["items"]!.AsArray().Select(c => new Change(
                $"aln_{c!["sequence"]!.GetValue<long>()}_{c["subject"]!.GetValue<string>()}", c["subject"]!.GetValue<string>(), c["sequence"]!.GetValue<long>())));
            after = page.Json["next"]?.GetValue<string>();
        }
        changes.Count.ShouldBeGreaterThanOrEqualTo(Claims);
        return changes;
    }

    /// <summary>Standard Webhooks, as README documents it: v1, base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")).</summary>
    private static bool Verifies(string secret, WebhookReceiver.Received r)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{r.Id}.{r.Timestamp}.{r.Body}")));
        return r.Signature.Split(' ').Contains(expected);
    }

    private static LedgerApi Client(RunningApi api) => new(new HttpClient { BaseAddress = api.Address, Timeout = TimeSpan.FromSeconds(60) });
}

using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.CommandLine;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.EmbeddedPostgres;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>
/// Export and replay end to end: a ledger with a few hundred lifecycle changes is exported over HTTP, replayed into a
/// fresh data folder by the `import` command (a separate process given only that folder), served by a second API host
/// there (with API keys, as deployed), rebuilt, and every alignment report as of every checkpoint is byte-identical to
/// the original's.
/// </summary>
public sealed class ReplayedLedgerTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Subjects = "KZ,KG,UZ,TJ,TM,AM,AZ,BY,IN,PK,CENTRAL_ASIA";
    private const string ReaderKey = "audit-reader-key-0123456789abcdef", AdminKey = "audit-admin-key-0123456789abcdefgh";

    [Fact]
    public async Task a_ledger_replayed_from_its_export_gives_byte_identical_reports_as_of_every_checkpoint()
    {
        await Fixture.SeedAsync();
        // A subscription the original notifies of its retractions (to a port nobody listens on): the replica must not
        // notify that history again.
        var hook = (await Api.Post("/api/subscriptions", new { url = "http://127.0.0.1:9/ledger", types = new[] { "claim_retracted" } }, "ops@example.org"))
            .As<SubscriptionView>();
        var changes = await LifecycleHistory.WriteAsync(Api, Fixture.Clock, changes: 200);
        await Api.RequestCheckpointAsync("Before the export.");
        await Fixture.WaitForProjectionsAsync();
        var original = await Api.VerifyAsync();
        var checkpoints = (await Api.CheckpointsAsync()).Items;
        changes.ShouldBeGreaterThan(180);
        original.Intact.ShouldBeTrue();
        checkpoints.Count.ShouldBe(5);

        // Not CreateTempSubdirectory: its mode 700 would keep the postgres user (under root) out of the data folder.
        var work = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"claimsledger-replay-{Guid.NewGuid():N}")).FullName;
        try
        {
            var export = Path.Combine(work, "ledger.ndjson");
            await File.WriteAllBytesAsync(export, await Api.Client.GetByteArrayAsync("/api/export"));
            var notified = 0L;
            for (var waited = 0; notified == 0 && waited < 300; waited++, await Task.Delay(100))
                notified = (await Api.Get($"/api/subscriptions/{hook.Id}/deliveries")).As<Paged<DeliveryView>>().Total;
            await Api.Send(HttpMethod.Delete, $"/api/subscriptions/{hook.Id}", new Dictionary<string, string> { ["X-Actor"] = "ops@example.org" });
            // The fresh data folder's embedded server, held here so the replica below can reach it after `import` exits.
            var data = Path.Combine(work, "data");
            await using var fresh = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = data }, NullLogger.Instance);
            var database = fresh.ConnectionString;
            var signingKey = Convert.ToBase64String(SigningKeys.Generate().GetEncoded());
            var settings = new Dictionary<string, string> { ["ClaimsLedger__DataDirectory"] = data, ["ClaimsLedger__LoadSeeds"] = "false" };

            var import = await ApiProcess.RunAsync(work, settings, "import", export);

            import.Code.ShouldBe(0, import.Output);
            import.Output.ShouldContain($"Imported {original.Checked} events");
            import.Output.ShouldContain($"{checkpoints.Count} signed checkpoints verified; chain head {original.HeadHash}");

            var replicaLog = new FakeLogCollector();
            await using var replica = Replica(database, signingKey, replicaLog);
            var api = new LedgerApi(StartedClient(replica, replicaLog));
            await replica.Services.GetRequiredService<IHost>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
            var replayed = (await api.Send(HttpMethod.Get, "/api/audit/verify", Key(ReaderKey))).As<AuditVerification>();
            var rebuild = await api.Send(HttpMethod.Post, "/api/admin/projections/rebuild", Key(AdminKey));
            rebuild.Code.ShouldBe(202, rebuild.Body);
            await UntilRebuiltAsync(api, rebuild.Headers.Location!.ToString());
            await replica.Services.GetRequiredService<IHost>().WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

            foreach (var checkpoint in checkpoints)
            {
                foreach (var format in new[] { "json", "csv" })
                {
                    var query = $"/api/reports/alignment?subjects={Subjects}&asOf={Uri.EscapeDataString(checkpoint.Time)}&format={format}";
                    var expected = await Api.Client.GetByteArrayAsync(query);
                    var actual = await api.Send(HttpMethod.Get, query, Key(ReaderKey));
                    actual.Code.ShouldBe(200, actual.Body);
                    actual.Body.ShouldBe(System.Text.Encoding.UTF8.GetString(expected), $"{format} as of {checkpoint.Time}");
                }
            }
            (await Api.Get($"/api/reports/alignment?subjects=KZ&asOf={Uri.EscapeDataString(checkpoints[^1].Time)}&format=csv")).Body
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeGreaterThan(5, "the reports compared should not be empty");

            // The same events make the same chain; the replica signs its own checkpoints, every 50 events and at each request.
            replayed.Intact.ShouldBeTrue();
            replayed.HeadSequence.ShouldBe(original.HeadSequence);
            replayed.HeadHash.ShouldBe(original.HeadHash);
            var signed = (await api.Send(HttpMethod.Get, "/api/audit/checkpoints?pageSize=200", Key(ReaderKey))).As<CheckpointPage>();
            signed.Items.ShouldAllBe(c => c.PublicKey == signed.PublicKey);
            checkpoints.Select(c => c.Sequence).ShouldBeSubsetOf(signed.Items.Select(c => c.Sequence));
            signed.Items.Where(c => checkpoints.All(o => o.Sequence != c.Sequence)).Select(c => c.Events % 50).Distinct().ShouldBe([0]);

            // The history was notified where it happened; the replica's relays start after it.
            notified.ShouldBeGreaterThan(0);
            var replicaDeliveries = await api.Send(HttpMethod.Get, $"/api/subscriptions/{hook.Id}/deliveries", Key(AdminKey));
            replicaDeliveries.Code.ShouldBe(200, replicaDeliveries.Body);
            replicaDeliveries.As<Paged<DeliveryView>>().Total.ShouldBe(0);

            // Only an admin exports; a reader verifies.
            (await api.Send(HttpMethod.Get, "/api/export", Key(ReaderKey))).Code.ShouldBe(403);
            (await api.Send(HttpMethod.Get, "/api/export", Key(AdminKey))).Code.ShouldBe(200);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static WebApplicationFactory<Program> Replica(string database, string signingKey, FakeLogCollector log) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureLogging(logging => logging.AddProvider(new FakeLoggerProvider(log)));
            web.UseSetting("ConnectionStrings:Marten", database);
            web.UseSetting("ClaimsLedger:LoadSeeds", "false");
            web.UseSetting("ClaimsLedger:Audit:SigningKey", signingKey);
            web.UseSetting("ClaimsLedger:Audit:CheckpointEvery", "50");
            web.UseSetting("ClaimsLedger:Audit:CheckpointMinutes", "0");
            web.UseSetting("ClaimsLedger:RateLimit:PerSecond", "1000000");
            web.UseSetting("ClaimsLedger:RateLimit:Burst", "1000000");
            Key(web, 0, "auditor", ReaderKey, Roles.Reader);
            Key(web, 1, "ops", AdminKey, Roles.Admin);
        });

    /// <summary>
    /// The replica's client; a host that stopped as it started (seen once in CI: its services were already disposed)
    /// fails with its log, which says why.
    /// </summary>
    private static HttpClient StartedClient(WebApplicationFactory<Program> replica, FakeLogCollector log)
    {
        try
        {
            return replica.CreateClient();
        }
        catch (ObjectDisposedException ex)
        {
            var lines = log.GetSnapshot().Select(r => $"{r.Timestamp:HH:mm:ss.fff} {r.Level} {r.Category}: {r.Message} {r.Exception}");
            throw new InvalidOperationException("The replica stopped as it started. Its log:\n" + string.Join("\n", lines), ex);
        }
    }

    private static void Key(IWebHostBuilder web, int index, string name, string key, string role)
    {
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:Name", name);
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:KeySha256", Convert.ToHexString(ApiKeyOptions.Hash(key)));
        web.UseSetting($"ClaimsLedger:ApiKeys:{index}:Role", role);
    }

    private static Dictionary<string, string> Key(string key) => new() { ["X-Api-Key"] = key };

    private static async Task UntilRebuiltAsync(LedgerApi api, string location)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var status = (await api.Send(HttpMethod.Get, location, Key(AdminKey))).As<RebuildStatus>();
            if (status.State != RebuildStatus.Running)
            {
                status.State.ShouldBe(RebuildStatus.Completed, status.Error);
                return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"rebuild still running: {status}");
            await Task.Delay(50);
        }
    }
}

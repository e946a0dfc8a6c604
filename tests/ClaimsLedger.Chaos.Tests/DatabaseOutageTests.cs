using System.Collections.Concurrent;
using System.Diagnostics;
using ClaimsLedger.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Chaos.Tests;

/// <summary>
/// PostgreSQL goes away under write load and comes back at the same address, while the API keeps running. Clients must
/// be told honestly (503 + Retry-After, never a 500 that reads as a bug), the health endpoints must tell a load balancer
/// what is going on, and the API must recover on its own: writes, readiness and the async projection.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(5);
    private ChaosPostgres _postgres = null!;
    private ApiNode _api = null!;

    public async Task InitializeAsync()
    {
        _postgres = await ChaosPostgres.StartAsync();
        _api = new ApiNode("api", _postgres.ConnectionString);
        try
        {
            await _api.StartAsync();
            await Ledger.RegisterSourcesAsync(_api);
        }
        catch
        {
            // xunit does not dispose a test class whose InitializeAsync failed; nothing may outlive the test.
            await DisposeAsync();
            throw;
        }
    }

    private sealed record Probe(string Path, TimeSpan At, int? Status);

    [Fact(Timeout = 240_000)]
    public async Task Writes_fail_with_503_while_the_database_is_down_and_everything_recovers_when_it_returns()
    {
        var run = $"outage-{Guid.NewGuid():N}"[..15];
        // Half the workers send an Idempotency-Key: a key claimed just before the database went away must not block its retries.
        var load = new LoadDriver(6, _ => _api, (w, n) => Ledger.Claim(run, w, n, idempotencyKey: w % 2 == 1));
        load.Start();
        await load.WaitForAcknowledgedAsync(40, TimeSpan.FromSeconds(60), () => _api.Tail());

        var probes = new ConcurrentQueue<Probe>();
        using var stopProbing = new CancellationTokenSource();
        var probing = ProbeHealthAsync(load.Clock, probes, stopProbing.Token);

        var stopping = load.Clock.Elapsed;
        await _postgres.StopAsync();
        var down = load.Clock.Elapsed;
        await Task.Delay(Outage);
        var restarting = load.Clock.Elapsed;
        await _postgres.StartAgainAsync();
        var up = load.Clock.Elapsed;

        await load.WaitForAcknowledgedStartedAfterAsync(up, TimeSpan.FromSeconds(60), () => _api.Tail());
        var writable = load.Clock.Elapsed;
        await Eventually.WaitAsync(() => Task.FromResult(probes.Any(p => p.Path == "/health/ready" && p.At > up && p.Status == 200)),
            TimeSpan.FromSeconds(60), () => $"/health/ready never returned to 200 after PostgreSQL came back: last {probes.LastOrDefault(p => p.Path == "/health/ready")}\n{_api.Tail()}");
        var ready = load.Clock.Elapsed;
        // A little more load on the recovered database, so "after" is more than one lucky write.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await load.StopAsync();
        await stopProbing.CancelAsync();
        await probing;

        var attempts = load.Attempts;
        output.WriteLine($"{attempts.Count} requests: {load.Summary()}. Stop began {stopping.TotalSeconds:0.0} s, down {down.TotalSeconds:0.0} s, " +
                         $"restart {restarting.TotalSeconds:0.0}–{up.TotalSeconds:0.0} s, first write after {writable.TotalSeconds:0.0} s, ready {ready.TotalSeconds:0.0} s");

        // Every failed write is the documented 503: retry-able and not a bug. No 500, no lost response.
        var failed = attempts.Where(a => !a.Acknowledged).ToList();
        failed.Where(a => a.Status != 503).ShouldBeEmpty(
            $"writes that failed other than with 503:\n{string.Join('\n', failed.Where(a => a.Status != 503).Take(15))}\n{_api.Tail()}");
        failed.Count.ShouldBeGreaterThan(0, "no write failed: the database outage was not observed by the API");
        failed.Where(a => !a.HasRetryAfter || a.ContentType != "application/problem+json").ShouldBeEmpty(
            "503s without Retry-After or not a problem document: " + string.Join('\n', failed.Where(a => !a.HasRetryAfter || a.ContentType != "application/problem+json").Take(5)));
        _api.LinesContaining("failed with 500").ShouldBeEmpty("the API logged 500s");

        // While down: not ready, still live. A probe counts once it started after the server had stopped, and only until
        // a second before the restart, so a slow probe cannot meet the server already back.
        var duringOutage = probes.Where(p => p.At >= down && p.At < restarting - TimeSpan.FromSeconds(1)).ToList();
        duringOutage.Count(p => p.Path == "/health/ready").ShouldBeGreaterThan(0, "no readiness probe ran during the outage");
        duringOutage.Where(p => p.Path == "/health/ready" && p.Status == 200).ShouldBeEmpty("/health/ready said 200 while PostgreSQL was stopped");
        probes.Where(p => p.Path == "/health/live" && p.Status != 200).ShouldBeEmpty("/health/live failed: the process must stay live through a database outage");

        // Nothing acknowledged before, during or after the outage is lost; unanswered writes are safe to send again.
        await Ledger.AssertAcknowledgedClaimsReadableAsync(_api, load.Acknowledged);
        await Ledger.AssertEventLogConsistentAsync(_postgres);
        var retried = await Ledger.RetryUnknownOutcomesAsync(_api, _postgres, load.Unacknowledged());
        output.WriteLine($"retried {retried.Resent} failed writes: {retried.WereRecorded} answered 200 unchanged (recorded despite the 503), " +
                         $"{retried.NewlyRecorded} 201 created; {retried.HeldKeys} keys were held by a failed request until released");
        await Ledger.AssertResendingAcknowledgedChangesNothingAsync(_api, _postgres, load.Acknowledged);
        await Ledger.AssertEventLogConsistentAsync(_postgres);

        // The projection daemon lost its database too; it must resume by itself and miss nothing.
        await Ledger.AssertAlignmentsCatchUpAsync(_api, _postgres, TimeSpan.FromSeconds(60), () => _api.Tail());
    }

    private async Task ProbeHealthAsync(Stopwatch clock, ConcurrentQueue<Probe> probes, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var path in new[] { "/health/ready", "/health/live" })
            {
                var at = clock.Elapsed;
                try
                {
                    using var response = await _api.Client.GetAsync(path, CancellationToken.None);
                    probes.Enqueue(new Probe(path, at, (int)response.StatusCode));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    probes.Enqueue(new Probe(path, at, null));
                }
            }
            try { await Task.Delay(250, stop); }
            catch (OperationCanceledException) { }
        }
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(_api?.Tail(120) ?? "");
        if (_api is not null) await _api.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}

using ClaimsLedger.Chaos.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Chaos.Tests;

/// <summary>
/// The API process dies with SIGKILL in the middle of a write burst: no shutdown hooks, no flush, requests cut off
/// mid-flight. Whatever it acknowledged must survive, and what it never answered must be safe to send again.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ApiCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
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

    [Fact(Timeout = 240_000)]
    public async Task Acknowledged_claims_survive_a_SIGKILL_under_load_and_unanswered_ones_are_safe_to_retry()
    {
        var run = $"crash-{Guid.NewGuid():N}"[..14];
        // Half the workers send an Idempotency-Key, as careful clients do: their retries must be answered too.
        var load = new LoadDriver(8, _ => _api, (w, n) => Ledger.Claim(run, w, n, idempotencyKey: w % 2 == 1));
        load.Start();

        await load.WaitForAcknowledgedAsync(60, TimeSpan.FromSeconds(60), () => _api.Tail());
        var ackedBeforeKill = load.Acknowledged.Count;
        _api.Kill();
        var killedAt = load.Clock.Elapsed;
        // Workers keep hammering the dead port for a moment, as real clients would, then the node comes back on the
        // same database and the same port.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await _api.StartAsync();
        var restartedAt = load.Clock.Elapsed;
        await load.WaitForAcknowledgedStartedAfterAsync(restartedAt, TimeSpan.FromSeconds(30), () => _api.Tail());
        await load.StopAsync();

        var attempts = load.Attempts;
        var atKill = attempts.Where(a => !a.Acknowledged && a.Started < killedAt).ToList();
        output.WriteLine($"{attempts.Count} requests: {load.Summary()}; {ackedBeforeKill} acknowledged before the kill at {killedAt.TotalSeconds:0.0} s, " +
                         $"{atKill.Count} in flight at the kill without an answer, back at {restartedAt.TotalSeconds:0.0} s");
        foreach (var a in atKill.Take(10)) output.WriteLine($"  unanswered at the kill: {a}");
        // Requests cut off mid-flight (not merely refused) are the ones whose outcome is truly unknown; without one, the
        // retry check below would only cover requests that never reached the API.
        atKill.ShouldContain(a => a.Status == null && !a.NeverSent,
            $"no request was cut off mid-flight by the kill: {string.Join('\n', atKill.Take(10))}");

        // A dead process answers nothing, so the only failures are missing responses, never an error status.
        attempts.Where(a => a.Status is not (null or 201)).ShouldBeEmpty(
            $"unexpected statuses: {string.Join('\n', attempts.Where(a => a.Status is not (null or 201)).Take(10))}\n{_api.Tail()}");

        await Ledger.AssertAcknowledgedClaimsReadableAsync(_api, load.Acknowledged);
        await Ledger.AssertEventLogConsistentAsync(_postgres);
        await Ledger.AssertAlignmentsCatchUpAsync(_api, _postgres, TimeSpan.FromSeconds(60), () => _api.Tail());

        var retried = await Ledger.RetryUnknownOutcomesAsync(_api, _postgres, load.Unacknowledged(refusedSample: 40));
        output.WriteLine($"retried {retried.Resent} requests with unknown outcome: {retried.WereRecorded} answered 200 unchanged (recorded before), " +
                         $"{retried.NewlyRecorded} 201 created (recorded now, or a replay); {retried.HeldKeys} keys were held by a dead request until released");
        retried.Resent.ShouldBeGreaterThan(0, "the kill left no request unanswered, so nothing about retries was tested");
        await Ledger.AssertResendingAcknowledgedChangesNothingAsync(_api, _postgres, load.Acknowledged);

        // Retries recorded nothing twice, and every distinct request is exactly one claim stream (the refused requests
        // left out of the retries never reached the API).
        await Ledger.AssertEventLogConsistentAsync(_postgres);
        var streams = await _postgres.QueryAsync($"select count(*) from claimsledger.mt_streams where id like 'clm-%'");
        Convert.ToInt32(streams[0][0]).ShouldBe(load.Acknowledged.Count + retried.NewlyRecorded + retried.WereRecorded,
            "claim streams ≠ acknowledged + retried requests: a request was recorded twice or lost");
        await Ledger.AssertAlignmentsCatchUpAsync(_api, _postgres, TimeSpan.FromSeconds(60), () => _api.Tail());
    }

    public async Task DisposeAsync()
    {
        output.WriteLine(_api?.Tail(120) ?? "");
        if (_api is not null) await _api.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}

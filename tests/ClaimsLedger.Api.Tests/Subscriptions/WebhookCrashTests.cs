using System.Diagnostics;
using System.Text;
using ClaimsLedger.Api.Tests.CommandLine;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>
/// The API as a child process on a database of its own, killed with SIGKILL while notifications are committed but not
/// delivered (the receiver is down), then started again: every notification arrives, once.
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
        var port = WebhookReceiver.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = database,
            ["ClaimsLedger__LoadSeeds"] = "false",
            ["ClaimsLedger__Webhooks__AllowPrivateTargets"] = "true",
            ["ClaimsLedger__Webhooks__FirstRetryDelay"] = "00:00:00.200",
            ["ClaimsLedger__Webhooks__MaxRetryDelay"] = "00:00:00.500",
            ["ClaimsLedger__Webhooks__MaxAttempts"] = "25",
            // The restarted node takes over the killed one's deliveries after 2 s of its silence, not Wolverine's minute.
            ["ClaimsLedger__Webhooks__NodeTakeoverAfter"] = "00:00:02",
        };
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var ledger = new LedgerApi(client);

        // Few distinct endpoints on purpose: each one's handler is compiled on its first use, which is most of this test's time.
        await using (var api = await ApiChild.StartAsync(settings, port, client))
        {
            (await ledger.Post("/api/subscriptions", new { url = receiver.Url, types = new[] { "source_registered" } }, SubscriptionApiTests.Admin))
                .Code.ShouldBe(201);
            (await ledger.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).Code.ShouldBe(201);
            await api.ExplainingFailureAsync(async () =>
            {
                await receiver.WaitUntilAsync(r => r.Count > 0, Patience, "a failed attempt");
                return true;
            });
            // Committed a moment before the kill: its notification may or may not have been relayed yet.
            (await ledger.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan"))).Code.ShouldBe(201);
            api.Kill();
        }
        receiver.FailWith = 0;

        await using (var restarted = await ApiChild.StartAsync(settings, port, client))
        {
            var received = await restarted.ExplainingFailureAsync(() => receiver.WaitForAsync(r => r.Count >= 2, Patience, "both notifications after the restart"));
            await Task.Delay(300);
            receiver.Accepted.Count.ShouldBe(2);
            received.Select(r => r.Json["data"]!["stream"]!.GetValue<string>()).ShouldBe(["steppe", "yerevan"], ignoreOrder: true);
            received.Select(r => r.Id).Distinct().Count().ShouldBe(2);
        }
    }

    /// <summary>The API's build output as a child process, listening on the given port, its output kept for failure messages.</summary>
    private sealed class ApiChild : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        private ApiChild(Process process) => _process = process;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static async Task<ApiChild> StartAsync(IReadOnlyDictionary<string, string> settings, int port, HttpClient client)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(CommandLineTests.ApiAssembly());
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add($"http://127.0.0.1:{port}");
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ClaimsLedger__")).ToList())
                start.Environment.Remove(key);
            start.Environment["DOTNET_ENVIRONMENT"] = "Production";
            foreach (var (key, value) in settings) start.Environment[key] = value;
            var child = new ApiChild(Process.Start(start)!);
            child._process.OutputDataReceived += (_, e) => child.Append(e.Data);
            child._process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();

            var deadline = DateTime.UtcNow + Patience;
            while (true)
            {
                if (child._process.HasExited) throw new InvalidOperationException($"The API exited with {child._process.ExitCode}:\n{child.Output}");
                try
                {
                    if ((await client.GetAsync("/health/live")).IsSuccessStatusCode) return child;
                }
                catch (HttpRequestException)
                {
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"The API did not start within {Patience.TotalSeconds} s:\n{child.Output}");
                await Task.Delay(200);
            }
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
        }

        /// <summary>What the API logged, added to a test's timeout.</summary>
        public async Task<T> ExplainingFailureAsync<T>(Func<Task<T>> wait)
        {
            try
            {
                return await wait();
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\nThe API logged:\n{Output}", e);
            }
        }

        /// <summary>SIGKILL: no shutdown, no flushing, nothing the process could do on the way out.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited) Kill();
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using ClaimsLedger.EmbeddedPostgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClaimsLedger.Api.Tests.Subscriptions;

/// <summary>
/// A real HTTP receiver for webhooks: Kestrel on a free 127.0.0.1 port, recording every request with the status it was
/// answered with. It can answer a failure (<see cref="FailWith"/>), stop listening and start again on the same port.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(string Id, string Timestamp, string Signature, string Body, int AnsweredWith)
    {
        public JsonNode Json => JsonNode.Parse(Body)!;
        public string Type => Json["type"]!.GetValue<string>();
        public bool Accepted => AnsweredWith is >= 200 and < 300;
    }

    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;

    private WebhookReceiver(int port) => Port = port;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hooks";

    /// <summary>The status every request is answered with; 200 unless a test makes the receiver fail.</summary>
    public int FailWith { get; set; }

    /// <summary>While set, each request is held until it completes: an attempt caught under way.</summary>
    public TaskCompletionSource? Hold { get; set; }

    /// <summary>How many requests have arrived, held or answered.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    private int _arrived;

    public IReadOnlyList<Received> All => _received.ToList();

    /// <summary>The requests answered 2xx, in arrival order: what the receiver took in.</summary>
    public IReadOnlyList<Received> Accepted => _received.Where(r => r.Accepted).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver(LoopbackPorts.Free());
        await receiver.StartAgainAsync();
        return receiver;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            Interlocked.Increment(ref _arrived);
            if (Hold is { } hold) await hold.Task;
            var status = FailWith == 0 ? 200 : FailWith;
            _received.Enqueue(new Received(http.Request.Headers["webhook-id"].ToString(), http.Request.Headers["webhook-timestamp"].ToString(),
                http.Request.Headers["webhook-signature"].ToString(), body, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        // A held request would hold up the stop (and a failed test's clean-up) until Kestrel gives up on it.
        Hold?.TrySetResult();
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Waits until every request so far (accepted or not) satisfies <paramref name="done"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(All))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; received {_received.Count} requests.");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the accepted requests satisfy <paramref name="done"/>, then returns them; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done(Accepted))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout.TotalSeconds} s for {what}; received {_received.Count} requests ({Accepted.Count} accepted): "
                    + string.Join(", ", _received.Select(r => $"{r.Id}:{r.AnsweredWith}")));
            await Task.Delay(50);
        }
        return Accepted;
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

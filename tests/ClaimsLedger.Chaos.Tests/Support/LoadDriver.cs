using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ClaimsLedger.Chaos.Tests.Support;

/// <summary>
/// One claim a worker posted: <see cref="Key"/> is unique per request, so every request is a distinct claim. With an
/// <see cref="IdempotencyKey"/>, every send of it (first try and retries) carries that header.
/// </summary>
public sealed record ClaimPost(string Key, string Subject, string Body, string? IdempotencyKey = null);

/// <summary>
/// What one request came to. <see cref="Status"/> is null when no response arrived (refused, reset, timed out): then the
/// client cannot know whether the claim was recorded.
/// </summary>
public sealed record Attempt(int Worker, string Node, ClaimPost Post, TimeSpan Started, TimeSpan Finished, int? Status, string? Id,
    string? Outcome, bool HasRetryAfter, string? ContentType, string? Error, string? Body)
{
    public bool Acknowledged => Status is >= 200 and < 300;

    /// <summary>The connection was refused: the request never left the client, so it certainly recorded nothing.</summary>
    public bool NeverSent => Error?.Contains("Connection refused", StringComparison.Ordinal) == true;

    public override string ToString() =>
        $"{Node} w{Worker} {Post.Key} @{Started.TotalSeconds:0.00}s → {(Status?.ToString() ?? "no response")}" +
        $"{(Error is null ? "" : $" ({Error})")}{(Body is null ? "" : $" {Body}")}";
}

/// <summary>
/// N workers posting distinct claims as fast as the API answers, until stopped. It records every attempt and every
/// acknowledged id, because the invariants after a fault are about exactly those: what the API said yes to must be there,
/// and what it could not answer must be safe to send again.
/// </summary>
public sealed class LoadDriver
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(100);

    private readonly int _workers;
    private readonly Func<int, ApiNode> _nodeFor;
    private readonly Func<int, int, ClaimPost> _next;
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly ConcurrentDictionary<string, ClaimPost> _acknowledged = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;

    /// <param name="nodeFor">Which node worker i sends to.</param>
    /// <param name="next">The n-th claim of worker i.</param>
    public LoadDriver(int workers, Func<int, ApiNode> nodeFor, Func<int, int, ClaimPost> next)
    {
        _workers = workers;
        _nodeFor = nodeFor;
        _next = next;
    }

    /// <summary>Time since the driver started; attempts are stamped with it, so phases can be told apart.</summary>
    public Stopwatch Clock { get; } = new();

    public IReadOnlyList<Attempt> Attempts => _attempts.ToList();

    /// <summary>Acknowledged claim id → the request that got it.</summary>
    public IReadOnlyDictionary<string, ClaimPost> Acknowledged => _acknowledged;

    /// <summary>
    /// Requests that got no 2xx, whose outcome the client cannot know (a 503 included): all that reached the API, and the
    /// first <paramref name="refusedSample"/> of those refused at connect, which are certain not to have been recorded and
    /// only add volume (workers keep knocking on a dead port).
    /// </summary>
    public IReadOnlyList<ClaimPost> Unacknowledged(int refusedSample = int.MaxValue)
    {
        var failed = _attempts.Where(a => !a.Acknowledged).ToList();
        return failed.Where(a => !a.NeverSent).Concat(failed.Where(a => a.NeverSent).Take(refusedSample)).Select(a => a.Post).ToList();
    }

    public void Start()
    {
        Clock.Start();
        _running = Task.WhenAll(Enumerable.Range(0, _workers).Select(w => Task.Run(() => WorkAsync(w))));
    }

    /// <summary>Lets in-flight requests finish (each is bounded by the client's timeout) and returns.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        if (_running is null) return;
        var limit = TimeSpan.FromSeconds(90);   // beyond the client timeout of one request
        if (await Task.WhenAny(_running, Task.Delay(limit)) != _running)
            throw new TimeoutException($"The load workers did not stop within {limit.TotalSeconds:0} s.");
        await _running;
        Clock.Stop();
    }

    public Task WaitForAcknowledgedAsync(int count, TimeSpan timeout, Func<string> context) =>
        Eventually.WaitAsync(() => Task.FromResult(_acknowledged.Count >= count), timeout,
            () => $"only {_acknowledged.Count} of {count} claims acknowledged; {Summary()}\n{context()}");

    /// <summary>Waits for a write that was started after <paramref name="since"/> to be acknowledged.</summary>
    public Task WaitForAcknowledgedStartedAfterAsync(TimeSpan since, TimeSpan timeout, Func<string> context) =>
        Eventually.WaitAsync(() => Task.FromResult(_attempts.Any(a => a.Acknowledged && a.Started >= since)), timeout,
            () => $"no write started after {since.TotalSeconds:0.0} s was acknowledged; {Summary()}; last: {_attempts.LastOrDefault()}\n{context()}");

    /// <summary>Status histogram, e.g. "201×812, 503×95, no response×3".</summary>
    public string Summary() => string.Join(", ", _attempts.GroupBy(a => a.Status?.ToString() ?? "no response").OrderBy(g => g.Key)
        .Select(g => $"{g.Key}×{g.Count()}"));

    private async Task WorkAsync(int worker)
    {
        var node = _nodeFor(worker);
        for (var n = 0; !_stop.IsCancellationRequested; n++)
        {
            var attempt = await PostAsync(node, worker, _next(worker, n), Clock);
            _attempts.Enqueue(attempt);
            if (attempt.Acknowledged && attempt.Id is not null) _acknowledged[attempt.Id] = attempt.Post;
            // A refused connection fails in microseconds; without a pause a dead node turns workers into a busy loop.
            else await Task.Delay(PauseAfterFailure);
        }
    }

    /// <summary>One POST /api/claims, never thrown out of: every way it can end is an <see cref="Attempt"/>.</summary>
    public static async Task<Attempt> PostAsync(ApiNode node, int worker, ClaimPost post, Stopwatch clock)
    {
        var started = clock.Elapsed;
        try
        {
            // Not cancelled by the driver's stop: a request cut off by the test itself would be an outcome the API never chose.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/claims")
            {
                Content = new StringContent(post.Body, Encoding.UTF8, "application/json"),
            };
            if (post.IdempotencyKey is not null) request.Headers.Add("Idempotency-Key", post.IdempotencyKey);
            using var response = await node.Client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            string? id = null, outcome = null;
            if (status is >= 200 and < 300)
            {
                using var json = JsonDocument.Parse(body);
                id = json.RootElement.GetProperty("id").GetString();
                outcome = json.RootElement.GetProperty("outcome").GetString();
            }
            return new Attempt(worker, node.Name, post, started, clock.Elapsed, status, id, outcome, response.Headers.RetryAfter is not null,
                response.Content.Headers.ContentType?.MediaType, null, status >= 300 ? Excerpt(body) : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Attempt(worker, node.Name, post, started, clock.Elapsed, null, null, null, false, null,
                $"{e.GetType().Name}: {e.GetBaseException().Message}", null);
        }
    }

    private static string Excerpt(string body) => body.Length <= 400 ? body : body[..400] + "…";
}

/// <summary>Bounded waiting: every wait in these tests ends, with a message saying what was still missing.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> whatIsMissing, TimeSpan? poll = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return;
            if (clock.Elapsed > timeout)
                throw new TimeoutException($"Not reached within {timeout.TotalSeconds:0} s: {whatIsMissing()}");
            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(200));
        }
    }
}

public static class HttpJson
{
    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, json.RootElement.Clone());
    }

    public static async Task<(int Status, JsonElement Body, HttpResponseMessage Response)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text.Length == 0 ? "null" : text);
        return ((int)response.StatusCode, json.RootElement.Clone(), response);
    }
}

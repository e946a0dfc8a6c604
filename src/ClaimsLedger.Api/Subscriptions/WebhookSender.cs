using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>What one POST to a receiver came to: its status code if it answered, and an error unless it was a 2xx.</summary>
public sealed record WebhookResponse(int? StatusCode, string? Error, long DurationMs)
{
    public bool Delivered => Error is null;
}

/// <summary>
/// POSTs signed notifications (Standard Webhooks headers) through one pooled client whose every connection goes through
/// <see cref="WebhookTargets.ConnectAsync"/>. Never throws for the receiver's sake: a refusal, a timeout or a non-2xx
/// answer is a failed <see cref="WebhookResponse"/>, which the dispatcher records before Wolverine retries.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string IdHeader = "webhook-id", TimestampHeader = "webhook-timestamp", SignatureHeader = "webhook-signature";

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _timeout;

    public WebhookSender(IOptions<WebhookOptions> options, TimeProvider clock)
    {
        var o = options.Value;
        _clock = clock;
        _timeout = o.Timeout;
        var allowPrivate = o.AllowPrivateTargets;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = (context, ct) => WebhookTargets.ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
        }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("ClaimsLedger-Webhooks/1.0");
    }

    public async Task<WebhookResponse> SendAsync(string url, string secret, string notificationId, string body, CancellationToken ct)
    {
        // Receivers check this against their clock to refuse replays (Standard Webhooks suggests 5 minutes of tolerance).
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(IdHeader, notificationId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, StandardWebhooks.Sign(secret, notificationId, timestamp, body));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return new WebhookResponse(code, response.IsSuccessStatusCode ? null : $"HTTP {code} {response.ReasonPhrase}".TrimEnd(), watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new WebhookResponse(null, $"No answer within {_timeout.TotalSeconds:0.###} s.", watch.ElapsedMilliseconds);
        }
        catch (HttpRequestException e)
        {
            return new WebhookResponse(null, Describe(e), watch.ElapsedMilliseconds);
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is WebhookTargetRefusedException refused ? refused.Message
        : e.HttpRequestError == HttpRequestError.ConnectionError && e.InnerException is System.Net.Sockets.SocketException s
            ? $"Could not connect: {s.SocketErrorCode}."
            : e.Message;

    public void Dispose() => _http.Dispose();
}

using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace ClaimsLedger.Api.Changes;

/// <summary>One server-sent event: <c>id:</c> (what Last-Event-ID resumes after), <c>event:</c> and one line of JSON <c>data:</c>.</summary>
public sealed record SseMessage(string Id, string Event, object Data);

/// <summary>What one read of a live feed gave: messages, the cursor to read from next, whether more is already there, and the progress it reflects.</summary>
public sealed record SsePage(IReadOnlyList<SseMessage> Messages, string Cursor, bool More, long Position);

/// <summary>
/// A feed as <c>text/event-stream</c>: pages are written as they are read; once caught up, the stream waits for the ledger
/// to move (<see cref="ProgressWatch"/>), with a comment line every <see cref="Heartbeat"/> (15 s) so proxies and clients know it
/// is alive; it ends when the client goes away.
/// </summary>
public sealed class ServerSentEventsResult(string cursor, Func<string, CancellationToken, Task<SsePage>> read, Func<LedgerProgress, long> progressOf,
    TimeSpan? heartbeat = null) : IResult
{
    public const string MediaType = "text/event-stream";
    public static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(15);

    public TimeSpan Heartbeat { get; } = heartbeat ?? DefaultHeartbeat;

    /// <summary>A feed's renderings: a page of JSON (the default), or these events; Accept chooses (<see cref="ContentNegotiation"/>).</summary>
    public static readonly string[] Renderings = [ContentNegotiation.Json, MediaType];

    /// <summary>Where a reconnecting client left off (the id of the last event it received), if it says.</summary>
    public static string? LastEventId(HttpRequest request) =>
        request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } id ? id.Trim() : null;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.ContentType = MediaType;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        // HEAD: the stream's headers, at once, and nothing followed (the stream would never end, and its writes go nowhere).
        if (HeadRequests.Asked(http)) return;
        var watch = http.RequestServices.GetRequiredService<ProgressWatch>();
        var json = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        using var open = watch.Open();
        // The client going away, or the host stopping (an open stream would otherwise hold up its shutdown).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted,
            http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var ct = ending.Token;
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var body = http.Response.Body;
        var since = Stopwatch.StartNew();
        try
        {
            await WriteAsync(body, "retry: 3000\n\n", ct);
            while (!ct.IsCancellationRequested)
            {
                var page = await read(cursor, ct);
                if (page.Messages.Count > 0)
                {
                    var text = new StringBuilder();
                    foreach (var m in page.Messages)
                        text.Append("id: ").Append(m.Id).Append("\nevent: ").Append(m.Event).Append("\ndata: ")
                            .Append(JsonSerializer.Serialize(m.Data, json)).Append("\n\n");
                    await WriteAsync(body, text.ToString(), ct);
                    since.Restart();
                }
                cursor = page.Cursor;
                if (page.More) continue;
                var untilHeartbeat = Heartbeat - since.Elapsed;
                if (untilHeartbeat > TimeSpan.Zero && await watch.WaitBeyondAsync(progressOf, page.Position, untilHeartbeat, ct)) continue;
                if (since.Elapsed < Heartbeat) continue;
                await WriteAsync(body, ": heartbeat\n\n", ct);
                since.Restart();
            }
        }
        catch (Exception e) when (ct.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            // The client went away or the host is stopping: the stream is over.
        }
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await body.FlushAsync(ct);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Api.Tests.Changes;

public sealed class ServerSentEventsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task the_stream_sends_what_is_there_then_follows_the_ledger_live()
    {
        var source = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<SourceView>();
        await using var stream = await SseStream.OpenAsync(Api.Client, $"/api/changes?minPosition={source.Position}");

        var first = await stream.NextEventsAsync(2, Patience);
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var live = (await stream.NextEventsAsync(1, Patience)).Single();

        first.Select(e => e.Event).ShouldBe(["source_registered", "source_reliability_graded"]);
        first[0].Id.ShouldBe(first[0].Data["position"]!.ToString());
        (live.Event, live.Id, live.Data["stream"]!.GetValue<string>()).ShouldBe(("claim_extracted", claim.Position.ToString(), claim.Id));
        stream.Response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
    }

    [Fact]
    public async Task last_event_id_resumes_after_that_position_and_filters_apply()
    {
        var steppe = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<SourceView>();
        var registered = (await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", reliability: null))).As<SourceView>();

        await using var stream = await SseStream.OpenAsync(Api.Client, $"/api/changes?types=source_registered&minPosition={registered.Position}",
            lastEventId: steppe.Position.ToString());
        var resumed = await stream.NextEventsAsync(1, Patience);

        resumed.Single().Data["stream"]!.GetValue<string>().ShouldBe("yerevan");
    }

    [Fact]
    public async Task the_stream_ends_when_the_client_goes_away()
    {
        var watch = Fixture.Services.GetRequiredService<ProgressWatch>();
        var stream = await SseStream.OpenAsync(Api.Client, "/api/changes");
        await stream.ReadUntilAsync(line => line.StartsWith("retry:"), Patience);
        watch.OpenStreams.ShouldBeGreaterThan(0);

        await stream.DisposeAsync();

        var deadline = DateTime.UtcNow + Patience;
        while (watch.OpenStreams > 0 && DateTime.UtcNow < deadline) await Task.Delay(50);
        watch.OpenStreams.ShouldBe(0);
    }

    [Fact]
    public async Task an_idle_stream_sends_heartbeat_comments()
    {
        var http = new DefaultHttpContext { RequestServices = Fixture.Services };
        var body = new MemoryStream();
        http.Response.Body = body;
        using var gone = new CancellationTokenSource(TimeSpan.FromMilliseconds(1500));
        http.RequestAborted = gone.Token;
        var idle = new ServerSentEventsResult("0", (cursor, _) => Task.FromResult(new SsePage([], cursor, false, long.MaxValue)), p => p.Head,
            heartbeat: TimeSpan.FromMilliseconds(200));

        await idle.ExecuteAsync(http);

        var text = Encoding.UTF8.GetString(body.ToArray());
        text.ShouldStartWith("retry: 3000\n\n");
        CountOf(text, ": heartbeat\n\n").ShouldBeInRange(2, 8);
    }

    [Fact]
    public async Task alignment_changes_stream_as_alignment_changed_events_with_their_cursor()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await using var stream = await SseStream.OpenAsync(Api.Client, "/api/alignments/changes");

        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var change = (await stream.NextEventsAsync(1, Patience)).Single();

        (change.Event, change.Id).ShouldBe(("alignment.changed", $"{claim.Position}:KZ"));
        change.Data["claimId"]!.GetValue<string>().ShouldBe(claim.Id);
    }

    [Theory]
    [InlineData("/api/changes")]
    [InlineData("/api/alignments/changes")]
    public async Task head_on_a_live_feed_answers_at_once_with_the_streams_headers_and_no_body(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Head, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        // Until the answer ends: a HEAD that followed the ledger like its GET would never end (nor send its headers).
        using var timeout = new CancellationTokenSource(Patience);

        using var response = await Api.Client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        (await response.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;

    /// <summary>A client of a server-sent event stream: reads lines as they come and parses events.</summary>
    private sealed class SseStream : IAsyncDisposable
    {
        public sealed record SseEvent(string Id, string Event, JsonNode Data);

        private readonly StreamReader _reader;
        private readonly CancellationTokenSource _cancel = new();

        private SseStream(HttpResponseMessage response, Stream body) => (Response, _reader) = (response, new StreamReader(body));

        public HttpResponseMessage Response { get; }

        public static async Task<SseStream> OpenAsync(HttpClient client, string path, string? lastEventId = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/event-stream");
            if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await Peek(response));
            return new SseStream(response, await response.Content.ReadAsStreamAsync());
        }

        private static async Task<string> Peek(HttpResponseMessage response) =>
            response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync();

        public async Task<string> ReadUntilAsync(Func<string, bool> wanted, TimeSpan timeout)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
            deadline.CancelAfter(timeout);
            while (true)
            {
                var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException();
                if (wanted(line)) return line;
            }
        }

        public async Task<List<SseEvent>> NextEventsAsync(int count, TimeSpan timeout)
        {
            var events = new List<SseEvent>();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
            deadline.CancelAfter(timeout);
            string? id = null, type = null;
            while (events.Count < count)
            {
                var line = await _reader.ReadLineAsync(deadline.Token) ?? throw new EndOfStreamException();
                if (line.StartsWith("id: ")) id = line[4..];
                else if (line.StartsWith("event: ")) type = line[7..];
                else if (line.StartsWith("data: ")) events.Add(new SseEvent(id!, type!, JsonNode.Parse(line[6..])!));
            }
            return events;
        }

        public async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            _reader.Dispose();
            Response.Dispose();
        }
    }
}

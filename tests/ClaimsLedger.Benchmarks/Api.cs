using System.Net.Http.Headers;

namespace ClaimsLedger.Benchmarks;

/// <summary>The harness's HTTP client: enough pooled connections for every concurrent client, bodies sent as prepared bytes.</summary>
public sealed class Api(Uri baseAddress) : IDisposable
{
    public const string Actor = "bench@example.org";
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        UseCookies = false, AutomaticDecompression = System.Net.DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10),
    };

    /// <summary>A write: the status and the body.</summary>
    public async Task<(int Status, byte[] Body)> PostAsync(string path, byte[]? body, string actor = Actor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Actor", actor);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = JsonType } };
        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A read whose body is only drained (it still crosses the wire and is counted in the latency).</summary>
    public async Task<int> DrainAsync(string path)
    {
        using var response = await _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await body.CopyToAsync(Stream.Null);
        return (int)response.StatusCode;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose() => _http.Dispose();
}

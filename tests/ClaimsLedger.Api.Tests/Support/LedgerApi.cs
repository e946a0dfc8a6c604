using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>Thin HTTP helpers that keep the wire format visible: bodies are JSON text or anonymous objects.</summary>
public sealed class LedgerApi(HttpClient client)
{
    public const string DefaultActor = "analyst@example.org";
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public async Task<Reply> Post(string path, object? body, string? actor = DefaultActor, IDictionary<string, string>? headers = null)
    {
        var json = body as string ?? JsonSerializer.Serialize(body, Web);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (actor is not null) request.Headers.Add("X-Actor", actor);
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        return await Reply.From(await client.SendAsync(request));
    }

    public async Task<Reply> Get(string path) => await Reply.From(await client.GetAsync(path));

    public HttpClient Client => client;
}

public sealed record Reply(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, MediaTypeHeaderValue? ContentType)
{
    public static async Task<Reply> From(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers.ContentType);

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    public int Code => (int)Status;

    /// <summary>Asserts an RFC 9457 problem that names the field.</summary>
    public Reply ShouldBeProblem(int status, string? field = null)
    {
        Code.ShouldBe(status, Body);
        ContentType?.MediaType.ShouldBe("application/problem+json");
        Json["status"]!.GetValue<int>().ShouldBe(status);
        if (field is not null) Json["errors"]?[field].ShouldNotBeNull($"problem should name '{field}': {Body}");
        return this;
    }
}

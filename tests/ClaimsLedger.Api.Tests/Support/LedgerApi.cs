using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Http;
using Microsoft.AspNetCore.Http;

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

    /// <summary>Any request without a body, with the headers a test wants (an API key, an Accept header).</summary>
    public async Task<Reply> Send(HttpMethod method, string path, IDictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (k, v) in headers) request.Headers.TryAddWithoutValidation(k, v);
        return await Reply.From(await client.SendAsync(request));
    }

    public HttpClient Client => client;
}

/// <summary>JSON as the API writes it, read back into the API's own types.</summary>
public static class Wire
{
    /// <summary>The API's own settings (<see cref="LedgerJson"/>): camelCase, enums as strings, and a member the type does not know is an error.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static T Read<T>(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"null body, expected a {typeof(T).Name}");
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"not a {typeof(T).Name}: {e.Message}\n{json}", e);
        }
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        LedgerJson.Configure(options);
        options.MakeReadOnly();
        return options;
    }
}

public sealed record Reply(HttpStatusCode Status, string Body, HttpResponseHeaders Headers, MediaTypeHeaderValue? ContentType)
{
    public static async Task<Reply> From(HttpResponseMessage response) =>
        new(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers.ContentType);

    /// <summary>The body as raw JSON: for what a type cannot say (a member that must be absent, documents that are not API types).</summary>
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("empty body");

    /// <summary>The body as one of the API's response types, read as a client would; a field the type lacks fails the test.</summary>
    public T As<T>() => Wire.Read<T>(Body);

    public int Code => (int)Status;

    /// <summary>Asserts an RFC 9457 problem that names the field.</summary>
    public Reply ShouldBeProblem(int status, string? field = null)
    {
        Code.ShouldBe(status, Body);
        ContentType?.MediaType.ShouldBe("application/problem+json");
        var problem = As<HttpValidationProblemDetails>();
        problem.Status.ShouldBe(status);
        if (field is not null) problem.Errors.ShouldContainKey(field, $"problem should name '{field}': {Body}");
        return this;
    }
}

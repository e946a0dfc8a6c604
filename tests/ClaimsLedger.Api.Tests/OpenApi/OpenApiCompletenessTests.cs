using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.OpenApi;

/// <summary>
/// The document explains itself: every operation has a real summary, every parameter, schema and property a description,
/// every enum its values' meanings, and every operation an example request (when it takes a body) and example responses.
/// Each failure lists everything missing, so a new endpoint's gaps show at once.
/// </summary>
public sealed partial class OpenApiCompletenessTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task every_operation_has_a_summary_of_its_own()
    {
        var missing = Operations(await DocumentAsync())
            .Where(o => o.Operation["summary"]?.GetValue<string>() is not { Length: > 0 } summary || Placeholder().IsMatch(summary))
            .Select(o => o.Name).ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_schema_and_property_is_described()
    {
        var missing = new List<string>();
        foreach (var (name, schema) in (await DocumentAsync())["components"]!["schemas"]!.AsObject())
        {
            if (Described(schema!) is false) missing.Add(name);
            foreach (var (property, definition) in schema!["properties"]?.AsObject() ?? [])
                if (Described(definition!) is false) missing.Add($"{name}.{property}");
        }

        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_parameter_is_described()
    {
        var missing = Operations(await DocumentAsync())
            .SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? [])
                .Where(p => p!["description"]?.GetValue<string>() is not { Length: > 0 })
                .Select(p => $"{o.Name} {p!["in"]} {p["name"]}"))
            .ToList();

        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_enum_value_is_explained()
    {
        var missing = new List<string>();
        foreach (var (name, schema) in (await DocumentAsync())["components"]!["schemas"]!.AsObject())
        {
            if (schema!["enum"] is not JsonArray values) continue;
            var description = schema["description"]?.GetValue<string>() ?? "";
            missing.AddRange(values.Select(v => v!.GetValue<string>()).Where(v => !description.Contains($"- `{v}`: ", StringComparison.Ordinal)).Select(v => $"{name}.{v}"));
        }

        missing.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_operation_has_an_example_request_and_example_responses()
    {
        var missing = new List<string>();
        foreach (var (name, operation) in Operations(await DocumentAsync()))
        {
            if (operation["requestBody"]?["content"]?["application/json"] is { } request && request["example"] is null) missing.Add($"{name} request");
            foreach (var (status, response) in operation["responses"]!.AsObject())
            foreach (var (type, media) in response!["content"]?.AsObject() ?? [])
                if (type.Contains("json") && media!["example"] is null) missing.Add($"{name} {status} {type}");
        }

        missing.ShouldBeEmpty();
    }

    private async Task<JsonNode> DocumentAsync() => (await Api.Get("/swagger/v1/swagger.json")).Json;

    private static IEnumerable<(string Name, JsonNode Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => ($"{o.Key.ToUpperInvariant()} {path.Key}", o.Value!)));

    /// <summary>A schema is described by its own description, or (a property of a named type) by the wrapper around its reference.</summary>
    private static bool Described(JsonNode schema) =>
        schema["description"]?.GetValue<string>() is { Length: > 0 } || schema["$ref"] is not null && schema.AsObject().Count > 1;

    [GeneratedRegex("^(GET|POST|PUT|PATCH|DELETE)_")]
    private static partial Regex Placeholder();
}

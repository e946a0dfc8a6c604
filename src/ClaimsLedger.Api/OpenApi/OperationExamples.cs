using Microsoft.Extensions.Options;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// One example request and one example response per operation, from <see cref="ExampleCatalog"/> (typed C# values,
/// so an example cannot drift from the type it shows), written with the API's own JSON options so it reads exactly as
/// the wire does. Swagger UI pre-fills "Try it out" with the request example. Problem responses get an example of the
/// problem shape with the status's usual cause.
/// </summary>
public sealed class OperationExamples(IOptions<Microsoft.AspNetCore.Mvc.JsonOptions> json) : IOperationFilter
{
    private readonly JsonSerializerOptions _json = json.Value.JsonSerializerOptions;

    // A request example shows what a client sends: an optional member it leaves out is absent, not null (OpenAPI 3.0
    // cannot say "null" for a nullable object member, so a null there would not even match the schema).
    private readonly JsonSerializerOptions _request = new(json.Value.JsonSerializerOptions) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var body = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Body)?.Type;
        if (body is not null && operation.RequestBody?.Content is { } requestContent && ExampleCatalog.For(body) is { } request)
            foreach (var media in requestContent.Values.OfType<OpenApiMediaType>()) media.Example = Node(request, _request);

        if (operation.Responses is null) return;
        foreach (var described in context.ApiDescription.SupportedResponseTypes)
        {
            if (!operation.Responses.TryGetValue(described.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var item)
                || item is not OpenApiResponse response || response.Content is null) continue;
            var example = described.StatusCode >= 400 ? ExampleCatalog.Problem(described.StatusCode) : ExampleCatalog.For(described.Type);
            if (example is null) continue;
            foreach (var (type, media) in response.Content)
                if (type.Contains("json", StringComparison.Ordinal) && media is OpenApiMediaType m) m.Example = Node(example, _json);
        }
    }

    private static JsonNode? Node(object value, JsonSerializerOptions options) => JsonSerializer.SerializeToNode(value, value.GetType(), options);
}

using System.Text.Json.Nodes;
using ClaimsLedger.Api.Audit;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The export's NDJSON is a stream of JSON lines, not one JSON value, so <see cref="OperationExamples"/> has no type to
/// look up: its example is the text itself, a header line and two event lines (<see cref="ExampleCatalog.ExportExample"/>).
/// </summary>
public sealed class NdjsonExamples : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var response in operation.Responses?.Values.OfType<OpenApiResponse>() ?? [])
            if (response.Content?.TryGetValue(LedgerExport.ContentType, out var media) == true && media is OpenApiMediaType m)
                m.Example = JsonValue.Create(ExampleCatalog.ExportExample());
    }
}

using ClaimsLedger.Api.Reports.Render;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Documents the report's text renderings beside its JSON one. A second [ProducesResponseType] for the same status
/// code is dropped on the way to OpenAPI (Wolverine's API description keeps one per status), and one attribute with
/// all four content types would claim the JSON schema for Markdown, HTML and CSV too.
/// </summary>
public sealed class ReportContentTypes : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId != "GetAlignmentReport" || operation.Responses?.TryGetValue("200", out var ok) != true
            || ok is not OpenApiResponse response) return;
        response.Content ??= new Dictionary<string, OpenApiMediaType>();
        foreach (var type in new[] { ReportRenderer.Markdown, ReportRenderer.Html, ReportRenderer.Csv })
            response.Content[type.Split(';')[0]] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        response.Description = "The report: JSON (the AlignmentReport schema), or Markdown, HTML or CSV text in UTF-8.";
    }
}

using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>Describes the RFC 9457 problem members as this API fills them (see Http/ProblemShape).</summary>
public sealed class ProblemSchemas : ISchemaFilter
{
    private static readonly Dictionary<string, string> Members = new()
    {
        ["type"] = "The RFC 9110 (or RFC 6585) section for the status: the same for every problem with this status.",
        ["title"] = "The status's reason phrase (\"Bad Request\", \"Conflict\", …).",
        ["status"] = "The HTTP status code, repeated.",
        ["detail"] = "What went wrong, for a person: for a client error, the first field at fault and why.",
        ["instance"] = "The request path the problem answers.",
        ["errors"] = "Every field at fault and what is wrong with it, keyed by the JSON path the client sent (`effects[0].strength`), a header (`If-Match`) or a query parameter (`pageSize`).",
    };

    public void Apply(IOpenApiSchema model, SchemaFilterContext context)
    {
        if (model is not OpenApiSchema schema || !context.Type.IsAssignableTo(typeof(ProblemDetails)) || schema.Properties is null) return;
        schema.Description = context.Type == typeof(ProblemDetails)
            ? "An RFC 9457 problem: why the request could not be answered."
            : "An RFC 9457 problem for a client error, naming every field at fault in `errors`.";
        foreach (var (name, property) in schema.Properties)
            if (property is OpenApiSchema member && Members.TryGetValue(name, out var description)) member.Description = description;
    }
}

using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Makes each schema say what the wire carries. Bookkeeping marked <see cref="NotServedAttribute"/> is never sent, so it
/// is not documented. A response field is always present (null where nullable), so every response field is
/// required, except one written only when it has a value; generated clients then type them as present. Request
/// bodies (types named <c>…Request</c> or <c>…Input</c>) keep the required list their validation enforces.
/// </summary>
public sealed class ServedSchemas : ISchemaFilter
{
    public void Apply(IOpenApiSchema model, SchemaFilterContext context)
    {
        if (model is not OpenApiSchema schema || schema.Properties is null || context.Type.IsEnum) return;
        var properties = context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (var property in properties.Where(p => p.IsDefined(typeof(NotServedAttribute), inherit: true)))
        {
            var name = Wire(property);
            schema.Properties.Remove(name);
            schema.Required?.Remove(name);
        }
        foreach (var property in schema.Properties.Values.OfType<OpenApiSchema>()) TypeNullableReference(property, context);
        if (IsRequestBody(context.Type)) return;
        schema.Required ??= new HashSet<string>();
        foreach (var property in properties)
        {
            var name = Wire(property);
            if (!schema.Properties.ContainsKey(name)) continue;
            var conditional = property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: not JsonIgnoreCondition.Never };
            if (!conditional) schema.Required.Add(name);
        }
    }

    /// <summary>
    /// A nullable property of a named type is written as <c>allOf: [$ref]</c> with <c>nullable: true</c>; OpenAPI 3.0
    /// ignores (and linters refuse) <c>nullable</c> without a <c>type</c>, so it gets the referenced schema's type.
    /// </summary>
    private static void TypeNullableReference(OpenApiSchema property, SchemaFilterContext context)
    {
        if (property.AllOf is not [OpenApiSchemaReference reference] || property.Type is not (null or JsonSchemaType.Null)) return;
        var target = reference.Reference.Id is { } id && context.SchemaRepository.Schemas.TryGetValue(id, out var named) ? named.Type : null;
        property.Type = (target ?? JsonSchemaType.Object) | (property.Type ?? 0);
    }

    public static bool IsRequestBody(Type type) =>
        type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Input", StringComparison.Ordinal);

    private static string Wire(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(property.Name);
}

using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml.XPath;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// An enum's schema lists its wire values (lower camel case strings, as the API reads and writes them); this adds
/// what each value means, from the member's XML doc comment, so a client author need not guess.
/// </summary>
public sealed class EnumDescriptions(XPathDocument docs) : ISchemaFilter
{
    public void Apply(IOpenApiSchema model, SchemaFilterContext context)
    {
        if (model is not OpenApiSchema schema || !context.Type.IsEnum) return;
        var navigator = docs.CreateNavigator();
        var lines = Enum.GetNames(context.Type).Select(name =>
        {
            var summary = navigator.SelectSingleNode($"/doc/members/member[@name='F:{context.Type.FullName!.Replace('+', '.')}.{name}']/summary")?.Value;
            // The name the API writes: an explicit member name (the reliability grades' letters) wins over the naming policy.
            var wire = context.Type.GetField(name)?.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(name);
            return string.IsNullOrWhiteSpace(summary) ? $"- `{wire}`" : $"- `{wire}`: {Normalize(summary)}";
        });
        schema.Description = $"{schema.Description}\n\n{string.Join('\n', lines)}".Trim();
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}

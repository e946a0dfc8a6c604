using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Drops schemas no operation reaches: types Swashbuckle met on the way but the wire never carries (an endpoint's
/// IResult, a property marked NotServed), which would otherwise read as part of the contract.
/// </summary>
public sealed partial class UnusedSchemas : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        if (document.Components?.Schemas is not { } schemas) return;
        var reached = new HashSet<string>();
        var pending = new Queue<string>(References(document.Paths));
        while (pending.TryDequeue(out var name))
        {
            if (!reached.Add(name) || !schemas.TryGetValue(name, out var schema)) continue;
            foreach (var next in References(schema)) pending.Enqueue(next);
        }
        foreach (var name in schemas.Keys.Where(n => !reached.Contains(n)).ToList()) schemas.Remove(name);
    }

    private static IEnumerable<string> References(IOpenApiSerializable element)
    {
        using var text = new StringWriter();
        element.SerializeAsV3(new OpenApiJsonWriter(text));
        return Reference().Matches(text.ToString()).Select(m => m.Groups[1].Value).ToList();
    }

    [GeneratedRegex("#/components/schemas/([^\"]+)\"")]
    private static partial Regex Reference();
}

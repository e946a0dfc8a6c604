using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>What each group of operations is for, shown as the section headings of Swagger UI and generated docs.</summary>
public sealed class TagDescriptions : IDocumentFilter
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["Sources"] = "Articles and documents claims cite: registered once with their text, graded for reliability, retracted.",
        ["Claims"] = "Claims about a subject country and the powers it aligns with: recorded with evidence, corroborated, contested, reviewed, revised, retracted.",
        ["Alignment"] = "Each subject's alignment with each power, per dimension, as of any record time and over any valid-time window, with the contributions behind it.",
        ["Provenance"] = "Which claims a source supports and how.",
        ["Reports"] = "Alignment reports for one or more subjects, reproducible byte for byte for the same parameters.",
        ["Extraction"] = "Rule-based proposals of claims from an article's text, without writing anything.",
        ["Admin"] = "Operator actions: projection rebuilds and their progress.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []).SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name).Where(n => n is not null).Distinct().Order().ToList();
        document.Tags = new HashSet<OpenApiTag>(used.Select(name => new OpenApiTag
        {
            Name = name,
            Description = Descriptions.GetValueOrDefault(name!, name!),
        }));
    }
}

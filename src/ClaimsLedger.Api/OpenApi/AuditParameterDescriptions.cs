using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Describes the audit endpoints' route and query parameters. A <c>param</c> tag does not reach a Wolverine route
/// parameter (its API description carries no ParameterInfo), and would have to document every injected service too.
/// Belongs in helper/docs' ParameterDescriptions table once that lands in main.
/// </summary>
public sealed class AuditParameterDescriptions : IOperationFilter
{
    private static readonly Dictionary<(string Path, string Name), string> OnPath = new()
    {
        [("/api/audit/events/{sequence}/proof", "sequence")] =
            "The event's global sequence (`seq_id`), as an export line, a verification or a checkpoint request names it.",
        [("/api/audit/checkpoints", "page")] = "The page to return, from 1 (default 1).",
        [("/api/audit/checkpoints", "pageSize")] = "Checkpoints per page, 1 to 200 (default 50).",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + context.ApiDescription.RelativePath?.Split('?')[0].TrimStart('/');
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (string.IsNullOrEmpty(parameter.Description) && parameter.Name is { } name && OnPath.TryGetValue((path, name), out var description))
                parameter.Description = description;
    }
}

using ClaimsLedger.Api.Access;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// How a caller proves who it is once keys are configured: an API key in <c>X-Api-Key</c>, or the same key as a bearer
/// token. Every operation accepts either; which role it needs is said in its description. Without keys (the local
/// default) the API is reachable from loopback only and a write names its actor in <c>X-Actor</c> instead.
/// </summary>
public sealed partial class SecuritySchemes : IOperationFilter
{
    public const string ApiKey = "ApiKey";
    public const string Bearer = "Bearer";

    public static void AddTo(SwaggerGenOptions options)
    {
        options.AddSecurityDefinition(ApiKey, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = LedgerAuthentication.KeyHeader,
            Description = "An API key issued with `create-api-key`; its name is the actor of every write and its role (reader, analyst, admin) what it may do.",
        });
        options.AddSecurityDefinition(Bearer, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http, Scheme = "bearer",
            Description = "The same API key, sent as `Authorization: Bearer <key>`. It is an opaque key, not a JWT.",
        });
        options.OperationFilter<SecuritySchemes>();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (LedgerOperation.Of(context) is not { } op) return;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKey, context.Document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(Bearer, context.Document)] = [] },
        ];
        var role = op.Role switch { Roles.Reader => "reader", Roles.Analyst => "analyst", Roles.Admin => "admin", _ => "admin" };
        var line = $"Needs the **{role}** role once API keys are configured.";
        // Wolverine describes an endpoint without remarks by its generated handler's name (GET_api_changes): no description.
        var description = WolverineName().IsMatch(operation.Description ?? "") ? null : operation.Description;
        operation.Description = string.IsNullOrEmpty(description) ? line : $"{description}\n\n{line}";
    }

    [System.Text.RegularExpressions.GeneratedRegex("^(GET|HEAD|POST|PUT|PATCH|DELETE)_[A-Za-z0-9_]*$")]
    private static partial System.Text.RegularExpressions.Regex WolverineName();
}

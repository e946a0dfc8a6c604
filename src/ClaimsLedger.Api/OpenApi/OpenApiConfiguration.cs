using ClaimsLedger.Api.Configuration;
using Microsoft.OpenApi;

namespace ClaimsLedger.Api.OpenApi;

public static class OpenApiConfiguration
{
    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddEndpointsApiExplorer().AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "ClaimsLedger API",
                Version = "v1",
                Description = "An audit-grade, event-sourced ledger of claims about geopolitical alignment.",
            });
            c.SupportNonNullableReferenceTypes();
            c.CustomSchemaIds(SchemaIds.For);
            c.OperationFilter<ReportContentTypes>();
            c.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()
                .FirstOrDefault()?.EndpointName);
        });

    /// <summary>The OpenAPI document always; Swagger UI only where configured (README, "Configuration").</summary>
    public static WebApplication UseLedgerOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseWhen(http => http.RequestServices.GetRequiredService<LedgerOptions>().ServesSwaggerUi, ui => ui.UseSwaggerUI());
        return app;
    }
}

using System.Xml.XPath;
using ClaimsLedger.Api.Configuration;
using Microsoft.OpenApi;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The OpenAPI document (Swashbuckle over Wolverine's API descriptions). Summaries and descriptions are the XML doc
/// comments of the endpoints and wire types; everything that follows from what an endpoint is (headers, problem
/// statuses, security, examples) is added by the filters in this folder, so a new endpoint is documented by being
/// written the way the others are.
/// </summary>
public static class OpenApiConfiguration
{
    public const string Title = "ClaimsLedger API";

    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services)
    {
        // Swashbuckle reads MVC's JSON options to learn how types are written: the same as the endpoints' (string enums, camelCase).
        services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => LedgerJson.Configure(o.JsonSerializerOptions));
        return services.AddEndpointsApiExplorer().AddSwaggerGen(c =>
        {
            c.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = Title,
                Version = "v1",
                Description = """
                    An audit-grade, event-sourced ledger of claims about geopolitical alignment. Every claim and source is an
                    event stream; alignments, provenance and reports are projections of those events, readable as of any
                    record time (`asOf`) and for any valid-time window (`validFrom`/`validTo`).

                    Writes answer `X-Ledger-Position`; pass it as `minPosition` to a later read to see your write.
                    Errors are RFC 9457 problems whose `errors` member names each bad field.
                    """,
                License = new OpenApiLicense { Name = "Proprietary" },
                Contact = new OpenApiContact { Name = "ClaimsLedger maintainers (see README.md)" },
            });
            c.AddServer(new OpenApiServer { Url = "/", Description = "This API (relative to where the document was fetched)" });
            // Built beside each assembly (GenerateDocumentationFile) and published with it; the extractor's candidates are wire types too.
            var docs = XmlDocs(typeof(OpenApiConfiguration).Assembly);
            c.IncludeXmlComments(() => docs, includeControllerXmlComments: true);
            var extractionDocs = XmlDocs(typeof(ClaimsLedger.Extraction.CandidateClaim).Assembly);
            c.IncludeXmlComments(() => extractionDocs);
            c.SupportNonNullableReferenceTypes();
            c.UseAllOfToExtendReferenceSchemas();
            c.CustomSchemaIds(SchemaIds.For);
            c.CustomOperationIds(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>()
                .FirstOrDefault()?.EndpointName);
            c.SchemaFilter<ServedSchemas>();
            c.SchemaFilter<ProblemSchemas>();
            c.AddSchemaFilterInstance(new EnumDescriptions(docs));
            c.OperationFilter<ProblemResponses>();
            c.OperationFilter<RequestHeaders>();
            c.OperationFilter<ParameterDescriptions>();
            c.OperationFilter<ResponseHeaders>();
            c.OperationFilter<ReportContentTypes>();
            c.OperationFilter<OperationExamples>();
            SecuritySchemes.AddTo(c);
            c.DocumentFilter<TagDescriptions>();
            c.DocumentFilter<UnusedSchemas>();
        });
    }

    private static XPathDocument XmlDocs(System.Reflection.Assembly assembly) =>
        new(Path.Combine(AppContext.BaseDirectory, $"{assembly.GetName().Name}.xml"));

    /// <summary>The OpenAPI document always; Swagger UI only where configured (README, "Configuration").</summary>
    public static WebApplication UseLedgerOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        app.UseWhen(http => http.RequestServices.GetRequiredService<LedgerOptions>().ServesSwaggerUi, ui => ui.UseSwaggerUI());
        return app;
    }
}

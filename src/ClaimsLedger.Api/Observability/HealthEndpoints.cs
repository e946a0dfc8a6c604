using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// /health/live: the process answers (restart it if not). /health/ready (and /health): PostgreSQL answers and the
/// async projections keep up (take it out of rotation if not). Each answers a small JSON body naming its checks.
/// </summary>
public static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddLedgerHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddNpgSql(sp => sp.GetRequiredService<Postgres.LedgerDatabase>().ConnectionString, name: "postgresql", tags: [Ready])
            .AddCheck<ProjectionLag>("projections", tags: [Ready]);
        return services;
    }

    public static WebApplication MapLedgerHealth(this WebApplication app)
    {
        // GET only (and HEAD, routed as GET: Http/HeadRequests.cs): MapHealthChecks answers every method otherwise.
        var get = new HttpMethodMetadata([HttpMethods.Get]);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithMetadata(get);
        foreach (var path in new[] { "/health/ready", "/health" })
            app.MapHealthChecks(path, new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync }).WithMetadata(get);
        return app;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        }, JsonSerializerOptions.Web));
    }
}

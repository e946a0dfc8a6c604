using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Traces and metrics from ASP.NET Core, Wolverine, Marten and Npgsql (each publishes its own ActivitySource
/// and Meter), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise collected for nobody.
/// </summary>
public static class Telemetry
{
    private static readonly string[] Sources = ["Wolverine", "Marten", "Npgsql"];

    /// <summary>The API's own instruments (Commands/WriteBackpressure).</summary>
    public const string LedgerMeter = "ClaimsLedger";

    public static IServiceCollection AddLedgerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var export = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("claimsledger-api"))
            .WithTracing(t =>
            {
                t.AddAspNetCoreInstrumentation().AddSource(Sources);
                if (export) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(Sources).AddMeter(LedgerMeter);
                if (export) m.AddOtlpExporter();
            });
        return services;
    }
}

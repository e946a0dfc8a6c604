using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Traces and metrics from ASP.NET Core, Wolverine, Marten and Npgsql (each publishes its own ActivitySource
/// and Meter), exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set. Without it nothing listens: an SDK with no
/// exporter still made every request, handler and statement an activity with its tags (the statement's text among them)
/// and recorded every measurement, for nobody to read. dotnet-counters and dotnet-trace listen for themselves, with or
/// without it.
/// </summary>
public static class Telemetry
{
    private static readonly string[] Sources = ["Wolverine", "Marten", "Npgsql"];

    /// <summary>The API's own instruments (Commands/WriteBackpressure).</summary>
    public const string LedgerMeter = "ClaimsLedger";

    /// <summary>Whether traces and metrics go anywhere: an OTLP endpoint is configured.</summary>
    public static bool Exports(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static IServiceCollection AddLedgerTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (!Exports(configuration)) return services;
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("claimsledger-api"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(Sources).AddOtlpExporter())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddMeter(Sources).AddMeter(LedgerMeter).AddOtlpExporter());
        return services;
    }
}

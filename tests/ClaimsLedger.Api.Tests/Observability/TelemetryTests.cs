using System.Diagnostics;
using ClaimsLedger.Api.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ClaimsLedger.Api.Tests.Observability;

/// <summary>Traces and metrics are collected when they go somewhere, and only then.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public void without_an_otlp_endpoint_no_tracer_or_meter_collects_anything()
    {
        using var services = Services(endpoint: null);

        services.GetService<TracerProvider>().ShouldBeNull();
        services.GetService<MeterProvider>().ShouldBeNull();
    }

    [Fact]
    public void with_an_otlp_endpoint_the_statements_handlers_and_requests_are_traced()
    {
        using var services = Services("http://127.0.0.1:4317");

        services.GetService<TracerProvider>().ShouldNotBeNull();
        services.GetService<MeterProvider>().ShouldNotBeNull();
        // The SDK now listens to the sources it names: a statement's activity is created and recorded.
        using var npgsql = new ActivitySource("Npgsql");
        using var statement = npgsql.StartActivity("select");
        statement.ShouldNotBeNull();
        statement.IsAllDataRequested.ShouldBeTrue();
    }

    private static ServiceProvider Services(string? endpoint)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint })
            .Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLedgerTelemetry(configuration);
        return services.BuildServiceProvider();
    }
}

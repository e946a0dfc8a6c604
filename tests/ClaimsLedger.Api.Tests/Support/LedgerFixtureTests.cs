using ClaimsLedger.Api.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>The test host gets its settings as host settings; nothing process-wide that other tests or child processes would inherit.</summary>
public sealed class LedgerFixtureTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public void The_host_runs_on_the_fixture_database_without_any_environment_variable_set()
    {
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten").ShouldBeNull();
        Environment.GetEnvironmentVariable("ClaimsLedger__LoadSeeds").ShouldBeNull();

        Fixture.Services.GetRequiredService<LedgerDatabase>().ConnectionString.ShouldBe(Fixture.ConnectionString);
        Fixture.Services.GetRequiredService<IConfiguration>()["ClaimsLedger:LoadSeeds"].ShouldBe("false");
    }

    [Fact]
    public void The_database_stops_after_every_hosted_service_that_uses_it_while_stopping()
    {
        // Hosted services stop in reverse order. Marten's start-up activators and OpenTelemetry insert themselves at the
        // front, which is harmless: they do nothing on stop.
        var hosted = Fixture.Services.GetServices<IHostedService>().Select(h => h.GetType().Name).ToList();
        var database = hosted.IndexOf(nameof(LedgerDatabase));

        foreach (var user in new[] { "ProjectionCoordinator", "WolverineRuntime", "SeedLoader", "GenericWebHostService" })
            hosted.IndexOf(user).ShouldBeGreaterThan(database, string.Join(", ", hosted));
    }
}

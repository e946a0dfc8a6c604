using System.Text.Json;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Observability;

public sealed class HealthTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task ready_names_the_database_and_the_projections_and_live_needs_neither()
    {
        var ready = await Api.Get("/health/ready");
        var live = await Api.Get("/health/live");

        ready.Code.ShouldBe(200, ready.Body);
        var checks = JsonDocument.Parse(ready.Body).RootElement.GetProperty("checks");
        checks.GetProperty("postgresql").GetProperty("status").GetString().ShouldBe("Healthy");
        checks.GetProperty("projections").GetProperty("status").GetString().ShouldBe("Healthy");
        live.Code.ShouldBe(200, live.Body);
        JsonDocument.Parse(live.Body).RootElement.GetProperty("checks").EnumerateObject().ShouldBeEmpty();
    }
}

using ClaimsLedger.Api.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Tests.Observability;

/// <summary>A body the client got wrong is its mistake (answered with a 400 problem), not a failure an operator acts on.</summary>
public sealed class QuietLogsTests
{
    [Theory]
    [InlineData(typeof(ClaimsLedger.Api.Admin.RebuildProjections))]
    [InlineData(typeof(ClaimsLedger.Api.Extraction.PreviewExtraction))]
    [InlineData(typeof(ClaimsLedger.Api.Claims.RecordClaimRequest))]
    [InlineData(typeof(ClaimsLedger.Api.Claims.RecordClaim))]
    public void wolverine_speaks_under_a_request_bodys_name_only_when_critical(Type body)
    {
        using var services = new ServiceCollection().AddLogging(logging => logging.QuietWolverineInvocations()).BuildServiceProvider();

        var rules = services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        rules.ShouldContain(r => r.CategoryName == body.FullName && r.LogLevel == LogLevel.Critical);
    }

    [Fact]
    public void the_ledgers_own_services_keep_their_logs()
    {
        using var services = new ServiceCollection().AddLogging(logging => logging.QuietWolverineInvocations()).BuildServiceProvider();

        var rules = services.GetRequiredService<IOptions<LoggerFilterOptions>>().Value.Rules;

        rules.ShouldNotContain(r => r.CategoryName == typeof(ClaimsLedger.Api.Claims.SubjectClaimList).FullName);
    }
}

using System.Text;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>The command line's core: the same request parsing, builder and renderer as the endpoint, written to a file.</summary>
public sealed class ReportCommandTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Theory]
    [InlineData("html")]
    [InlineData("csv")]
    public async Task the_command_writes_the_same_bytes_as_the_endpoint(string format)
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var asOf = ReportLedger.At(ledger.AfterWrites);
        var path = Path.Combine(Path.GetTempPath(), $"report-{Guid.NewGuid():N}.{format}");
        try
        {
            ReportRequest.TryRead("KZ,KG", Uri.UnescapeDataString(asOf), null, null, format, out var request, out var errors)
                .ShouldBeTrue(errors.ToString());
            await ReportCommand.WriteFileAsync(path, await ReportCommand.RenderAsync(Fixture.Services, request, CancellationToken.None), CancellationToken.None);

            using var response = await Api.Client.GetAsync($"/api/reports/alignment?subjects=KZ,KG&asOf={asOf}&format={format}");
            (await File.ReadAllBytesAsync(path)).ShouldBe(await response.Content.ReadAsByteArrayAsync());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void the_command_refuses_what_the_endpoint_refuses_with_the_same_names()
    {
        ReportRequest.TryRead("KZ,nope", "soon", null, null, "pdf", out _, out var errors).ShouldBeFalse();

        errors.ToString().ShouldContain("subjects");
        errors.ToString().ShouldContain("asOf");
        errors.ToString().ShouldContain("format");
    }

    [Fact]
    public void only_the_report_command_hands_standard_output_to_the_report()
    {
        ReportCommand.OwnsStandardOutput(["report", "--subjects", "KZ"]).ShouldBeTrue();
        ReportCommand.OwnsStandardOutput([]).ShouldBeFalse();
        ReportCommand.OwnsStandardOutput(["run"]).ShouldBeFalse();
        Encoding.UTF8.GetPreamble().Length.ShouldBe(3);   // what WriteFileAsync must not write (checked above byte for byte)
    }
}

using System.Diagnostics;
using ClaimsLedger.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaimsLedger.Api.Tests.CommandLine;

/// <summary>
/// The two commands an operator runs, as a child process against a PostgreSQL of its own:
/// `report` (which starts the host, so a fresh database gets its seeds) and `projections rebuild`.
/// A report as of the same instant before and after a full rebuild is byte-identical.
/// </summary>
[Collection("EmbeddedPostgres")]
public sealed class CommandLineTests : IAsyncLifetime
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"claimsledger-cli-{Guid.NewGuid():N}");
    private EmbeddedPostgresServer? _postgres;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        _postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(_work, "pg") }, NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task a_report_of_an_empty_ledger_is_an_empty_report_not_an_error()
    {
        var empty = Path.Combine(_work, "empty.md");

        var run = await RunAsync(new Dictionary<string, string> { ["ClaimsLedger__LoadSeeds"] = "false" },
            "report", "--subjects", "KZ", "--format", "markdown", "--out", empty);

        run.Code.ShouldBe(0, run.Output);
        (await File.ReadAllTextAsync(empty)).ShouldContain("KZ");
    }

    [Fact]
    public async Task a_report_is_byte_identical_before_and_after_rebuilding_every_projection_from_the_command_line()
    {
        var before = Path.Combine(_work, "before.csv");
        var after = Path.Combine(_work, "after.csv");

        var first = await RunAsync("report", "--subjects", "KZ,KG,AM", "--as-of", "2100-01-01T00:00:00Z", "--format", "csv", "--out", before);
        var rebuild = await RunAsync("projections", "rebuild");
        var second = await RunAsync("report", "--subjects", "KZ,KG,AM", "--as-of", "2100-01-01T00:00:00Z", "--format", "csv", "--out", after);

        first.Code.ShouldBe(0, first.Output);
        rebuild.Code.ShouldBe(0, rebuild.Output);
        rebuild.Output.ShouldContain("Alignment");
        second.Code.ShouldBe(0, second.Output);
        var csv = await File.ReadAllTextAsync(before);
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBeGreaterThan(10, "the seeds should be in the report");
        (await File.ReadAllBytesAsync(after)).ShouldBe(await File.ReadAllBytesAsync(before));
    }

    private Task<(int Code, string Output)> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<(int Code, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _work, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ApiAssembly());
        foreach (var a in args) start.ArgumentList.Add(a);
        // Explicit, not inherited from whatever environment runs the tests.
        start.Environment["ConnectionStrings__Marten"] = _postgres!.ConnectionString;
        start.Environment["ClaimsLedger__LoadSeeds"] = "true";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The API's own build output (same configuration as this test assembly), with its runtimeconfig.</summary>
    internal static string ApiAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "ClaimsLedger.Api", "bin", configuration, "net10.0", "ClaimsLedger.Api.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("The API's build output was not found; build the solution first.");
    }
}

using System.Diagnostics;
using ClaimsLedger.Extraction;

namespace ClaimsLedger.Api.Tests.CommandLine;

/// <summary>
/// `extract-eval` as an operator runs it: a child process scoring the extractor on the seed gold set. It is pure
/// computation over files, so it must succeed with the database unreachable.
/// </summary>
public sealed class ExtractEvalCommandTests
{
    [Fact]
    public async Task extract_eval_scores_the_gold_set_without_a_database()
    {
        var gold = Path.Combine(AppContext.BaseDirectory, "seeds", "gold");

        var (code, output) = await RunAsync("extract-eval", gold, "--details");

        code.ShouldBe(0, output);
        output.ShouldContain($"extractor rules@{ClaimExtractor.Default.Info.Version}");
        foreach (var article in Directory.GetFiles(gold, "*.json").Select(Path.GetFileNameWithoutExtension))
            output.ShouldContain(article!);
        output.ShouldContain("overall");
        output.ShouldContain("false positive(s)");
        output.ShouldNotContain("Embedded PostgreSQL");
    }

    [Fact]
    public async Task extract_eval_of_a_missing_folder_fails_naming_it()
    {
        var (code, output) = await RunAsync("extract-eval", "/no/such/gold");

        code.ShouldNotBe(0);
        output.ShouldContain("/no/such/gold");
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CommandLineTests.ApiAssembly());
        foreach (var a in args) start.ArgumentList.Add(a);
        // Nothing listens on port 1: any attempt to reach a database would fail the run.
        start.Environment["ConnectionStrings__Marten"] = "Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none;Timeout=2";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;

namespace ClaimsLedger.Api.Tests.CommandLine;

/// <summary>The API's build output run as a separate process, the way an operator runs it, with only the settings given.</summary>
internal static class ApiProcess
{
    public static async Task<(int Code, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CommandLineTests.ApiAssembly());
        foreach (var a in args) start.ArgumentList.Add(a);
        // Whatever database settings the environment running the tests has, the child gets only those given here.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ClaimsLedger__")).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key] = value;

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Deployment;

/// <summary>
/// The Dockerfile builds: its stages run here as written (see <see cref="DockerBuild"/>), from the build context
/// .dockerignore leaves, and what the runtime stage holds is an application that starts.
/// </summary>
public sealed class DockerfileTests : IDisposable
{
    private readonly string _workspace = Path.Combine(Path.GetTempPath(), $"claimsledger-docker-{Guid.NewGuid():N}");

    [Fact]
    public async Task the_image_stages_restore_and_publish_an_api_that_runs()
    {
        var build = new DockerBuild(Repository.Root, _workspace);

        var runtime = await build.RunAsync();

        runtime.EntryPoint.ShouldBe(["dotnet", "ClaimsLedger.Api.dll"]);
        // The runtime settings .NET reads from the environment only (the gen0 budget's floor) are the image's, as the launch
        // profile gives them to `dotnet run`: without them the API runs slower on a machine whose CPU cache .NET cannot read.
        var profile = LaunchProfileEnvironment();
        profile.ShouldContainKey("DOTNET_GCgen0size");
        foreach (var (key, value) in profile) runtime.Environment.ShouldContainKeyAndValue(key, value);
        var app = build.Map(runtime, runtime.WorkDir);
        File.Exists(Path.Combine(app, "ClaimsLedger.Api.dll")).ShouldBeTrue(build.Log);
        // The OpenAPI document's descriptions come from the XML docs beside the assembly; the seeds from seeds/.
        File.Exists(Path.Combine(app, "ClaimsLedger.Api.xml")).ShouldBeTrue(build.Log);
        Directory.EnumerateFiles(Path.Combine(app, "seeds"), "*.txt").ShouldNotBeEmpty();
        // With the image's runtime settings (its Urls, beyond loopback, would need API keys configured, as compose does).
        var (code, output) = await RunAsync(app, runtime.EntryPoint, profile.Keys.ToDictionary(k => k, k => runtime.Environment[k]), "help");
        code.ShouldBe(0, output);
        output.ShouldContain("report");
    }

    private static Dictionary<string, string> LaunchProfileEnvironment()
    {
        var settings = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "src", "ClaimsLedger.Api", "Properties", "launchSettings.json")))!;
        return settings["profiles"]!["ClaimsLedger.Api"]!["environmentVariables"]!.AsObject().ToDictionary(v => v.Key, v => v.Value!.GetValue<string>());
    }

    private static async Task<(int, string)> RunAsync(string directory, IReadOnlyList<string> entryPoint, Dictionary<string, string> environment,
        params string[] args)
    {
        var start = new ProcessStartInfo(entryPoint[0]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in entryPoint.Skip(1).Concat(args)) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose()
    {
        try { Directory.Delete(_workspace, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

using System.Diagnostics;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// The npm tools in tools/openapi (pinned in its package.json and package-lock.json; .ci/run installs them with
/// <c>npm ci</c>), run with Node from a scratch copy of that folder so a test never writes into the repository.
/// </summary>
public sealed class NodeTools : IDisposable
{
    public static readonly string Folder = Path.Combine(Repository.Root, "tools", "openapi");

    private NodeTools(string directory) => Directory = directory;

    /// <summary>The scratch folder: the tools' sources and config, with node_modules linked from the repository.</summary>
    public string Directory { get; }

    public static NodeTools Prepare()
    {
        var modules = Path.Combine(Folder, "node_modules");
        System.IO.Directory.Exists(modules).ShouldBeTrue($"{modules} is missing: run `npm ci --prefix tools/openapi` (.ci/run does)");
        var scratch = Path.Combine(Path.GetTempPath(), $"claimsledger-node-{Guid.NewGuid():N}");
        foreach (var file in System.IO.Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}gen{Path.DirectorySeparatorChar}")
                                 && !f.Contains($"{Path.DirectorySeparatorChar}build{Path.DirectorySeparatorChar}")))
        {
            var target = Path.Combine(scratch, Path.GetRelativePath(Folder, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        File.CreateSymbolicLink(Path.Combine(scratch, "node_modules"), modules);
        return new NodeTools(scratch);
    }

    /// <summary>Runs a package's binary (node_modules/.bin) or node itself; returns the exit code and both outputs.</summary>
    public async Task<(int Code, string Output, string Errors)> RunAsync(string tool, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var executable = tool == "node" ? "node" : Path.Combine(Directory, "node_modules", ".bin", tool);
        var start = new ProcessStartInfo(executable) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
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
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The repository the tests run from.</summary>
public static class Repository
{
    public static readonly string Root = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ClaimsLedger.sln not found above {AppContext.BaseDirectory}");
    }
}

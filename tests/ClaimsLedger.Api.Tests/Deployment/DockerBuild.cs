using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileSystemGlobbing;

namespace ClaimsLedger.Api.Tests.Deployment;

/// <summary>
/// Runs the repository's Dockerfile without a Docker engine, as far as it builds the application: the build context
/// filtered by .dockerignore; each stage a folder standing for its filesystem; WORKDIR, COPY (from the context or
/// <c>--from</c> another stage) and RUN executed as written, ENV recorded, with the stage's own absolute paths (<c>/src</c>,
/// <c>/app</c>) mapped into its folder. RUN steps of the last stage (installing OS packages into the runtime image)
/// are not run: they need the base image, and build nothing of ours. What the last stage holds is what the image runs.
/// </summary>
public sealed partial class DockerBuild(string context, string workspace)
{
    private readonly Dictionary<string, string> _stageRoots = [];
    private readonly List<string> _log = [];

    /// <param name="Environment">What the stage's ENV instructions set (<c>ENV key=value …</c>), as the image's processes get it.</param>
    public sealed record Stage(string Name, string Root, string WorkDir, IReadOnlyList<string> EntryPoint, IReadOnlyDictionary<string, string> Environment);

    public string Log => string.Join('\n', _log);

    public async Task<Stage> RunAsync(string dockerfile = "Dockerfile")
    {
        var instructions = Parse(await File.ReadAllTextAsync(Path.Combine(context, dockerfile)));
        var lastFrom = instructions.FindLastIndex(i => i.Verb == "FROM");
        var mapped = instructions.Where(i => i.Verb == "WORKDIR").Select(i => FirstSegment(i.Args))
            .Concat(instructions.Where(i => i.Verb == "COPY" && i.Args.StartsWith("--from=")).Select(i => FirstSegment(Words(i.Args)[1])))
            .ToHashSet();
        var contextFiles = ContextFiles();
        Stage? stage = null;
        for (var index = 0; index < instructions.Count; index++)
        {
            var (verb, args) = instructions[index];
            switch (verb)
            {
                case "FROM":
                    var name = Regex.Match(args, @"\bAS\s+(\S+)", RegexOptions.IgnoreCase) is { Success: true } m ? m.Groups[1].Value : $"stage{index}";
                    var root = Path.Combine(workspace, name);
                    Directory.CreateDirectory(root);
                    _stageRoots[name] = root;
                    stage = new Stage(name, root, "/", [], new Dictionary<string, string>());
                    break;
                case "WORKDIR":
                    stage = stage! with { WorkDir = args.Trim() };
                    Directory.CreateDirectory(Map(stage, stage.WorkDir));
                    break;
                case "COPY":
                    Copy(stage!, Words(args), contextFiles);
                    break;
                case "RUN" when index > lastFrom:
                    _log.Add($"skipped in the runtime stage: RUN {args}");
                    break;
                case "RUN":
                    var command = Regex.Replace(args, @"(?<=^|[\s=])/([A-Za-z0-9_.-]+)", match =>
                        mapped.Contains(match.Groups[1].Value) ? Map(stage!, match.Value) : match.Value);
                    await ShellAsync(stage!, command);
                    break;
                case "ENV":
                    var environment = new Dictionary<string, string>(stage!.Environment);
                    foreach (var pair in Words(args).Select(word => word.Split('=', 2))) environment[pair[0]] = pair.Length > 1 ? pair[1] : "";
                    stage = stage with { Environment = environment };
                    break;
                case "ENTRYPOINT":
                    stage = stage! with { EntryPoint = System.Text.Json.JsonSerializer.Deserialize<string[]>(args)! };
                    break;
            }
        }
        return stage!;
    }

    public string Map(Stage stage, string path) =>
        Path.Combine(stage.Root, (path.StartsWith('/') ? path : Path.Combine(stage.WorkDir, path)).TrimStart('/'));

    private void Copy(Stage stage, string[] words, IReadOnlyList<string> contextFiles)
    {
        var from = words[0].StartsWith("--from=") ? words[0]["--from=".Length..] : null;
        var sources = words.Skip(from is null ? 0 : 1).SkipLast(1).ToList();
        var destination = Map(stage, words[^1]);
        foreach (var source in sources)
        {
            if (from is not null)
            {
                CopyDirectoryOrFile(Map(new Stage(from, _stageRoots[from], "/", [], new Dictionary<string, string>()), source), destination);
                continue;
            }
            var matcher = new Matcher();
            var pattern = source.TrimEnd('/');
            var isDirectory = Directory.Exists(Path.Combine(context, pattern));
            matcher.AddInclude(isDirectory ? pattern + "/**/*" : pattern);
            foreach (var file in contextFiles.Where(f => matcher.Match(f).HasMatches))
            {
                var relative = isDirectory ? Path.GetRelativePath(pattern, file) : Path.GetFileName(file);
                var target = Path.Combine(destination, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(Path.Combine(context, file), target, overwrite: true);
            }
        }
    }

    private static void CopyDirectoryOrFile(string source, string destination)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(destination);
            File.Copy(source, Path.Combine(destination, Path.GetFileName(source)), overwrite: true);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    /// <summary>The context's files, relative, as Docker sends them: everything not excluded by .dockerignore.</summary>
    private List<string> ContextFiles()
    {
        var ignore = new Matcher();
        ignore.AddInclude("**/*");
        var ignoreFile = Path.Combine(context, ".dockerignore");
        if (File.Exists(ignoreFile))
            foreach (var line in File.ReadAllLines(ignoreFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
                ignore.AddExclude(line.EndsWith('/') ? line + "**" : line);
        return ignore.GetResultsInFullPath(context).Select(f => Path.GetRelativePath(context, f)).ToList();
    }

    private async Task ShellAsync(Stage stage, string command)
    {
        _log.Add($"RUN {command}");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = Map(stage, stage.WorkDir), RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-euo");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        _log.Add(await output + await errors);
        if (process.ExitCode != 0) throw new InvalidOperationException($"`RUN {command}` failed with exit code {process.ExitCode}:\n{Log}");
    }

    private static List<(string Verb, string Args)> Parse(string dockerfile)
    {
        var joined = Regex.Replace(dockerfile, @"\\\r?\n", " ");
        return joined.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2)).Select(p => (p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : "")).ToList();
    }

    private static string[] Words(string args) => args.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string FirstSegment(string path) => path.Trim().TrimStart('/').Split('/')[0];
}

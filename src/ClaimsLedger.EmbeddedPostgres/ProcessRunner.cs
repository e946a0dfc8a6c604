using System.Diagnostics;

namespace ClaimsLedger.EmbeddedPostgres;

internal sealed record ProcessResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Exception text: the command, its exit code and the last lines of output (plus any extra tail, e.g. the server log).</summary>
    public EmbeddedPostgresException ToException(string what, string? extraTail = null)
    {
        var output = Tail(StdErr + Environment.NewLine + StdOut + Environment.NewLine + extraTail, 20);
        return new EmbeddedPostgresException(
            $"{what}: `{Command}` exited with code {ExitCode}.{Environment.NewLine}Last output:{Environment.NewLine}{output}");
    }

    /// <summary>Exception text on one line, for failures that are logged rather than thrown at the operator.</summary>
    public EmbeddedPostgresException ToOneLineException(string what) =>
        new($"{what}: `{Command}` exited with code {ExitCode}: {LastLine}");

    /// <summary>The tool's last word, usually the reason: stderr's last line, else stdout's.</summary>
    public string LastLine => Tail(StdErr, 1) is { Length: > 0 } error ? error : Tail(StdOut, 1);

    public static string Tail(string? text, int lines) =>
        string.Join(Environment.NewLine, (text ?? "")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.Trim().Length > 0)
            .TakeLast(lines));
}

/// <summary>
/// Runs a tool with an argument list (no shell, so paths with spaces or quotes need no escaping), captures its output
/// without risking a pipe-buffer deadlock, and kills it when it overruns its time limit.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var command = Describe(fileName, arguments);
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Closed at once so a tool that unexpectedly prompts (su asking for a password) fails instead of hanging.
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        if (environment is not null)
            foreach (var (name, value) in environment) info.Environment[name] = value;

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new EmbeddedPostgresException($"Could not start `{command}`: {ex.Message}", ex);
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            ct.ThrowIfCancellationRequested();
            throw new EmbeddedPostgresException($"`{command}` did not finish within {timeout.TotalSeconds:0} s and was killed.");
        }

        // A daemon started by the tool could in principle keep the pipes open; don't wait on it for ever.
        var drained = Task.WhenAll(stdout, stderr);
        await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        return new ProcessResult(command, process.ExitCode,
            stdout.IsCompletedSuccessfully ? stdout.Result : "", stderr.IsCompletedSuccessfully ? stderr.Result : "");
    }

    public static string Describe(string fileName, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(fileName).Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"\"{a}\"" : a));
}

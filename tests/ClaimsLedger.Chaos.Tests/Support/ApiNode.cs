using System.Diagnostics;
using System.Net;
using ClaimsLedger.EmbeddedPostgres;

namespace ClaimsLedger.Chaos.Tests.Support;

/// <summary>
/// The API's real build output as a child process, the way it is deployed: its own runtime, its own connection pool, its
/// own projection daemon. Killing it is a SIGKILL, so nothing gets a chance to flush or say goodbye. It keeps its port
/// across restarts, so clients that keep retrying reach the new process; its output is kept for failure messages.
/// </summary>
public sealed class ApiNode : IAsyncDisposable
{
    public const string Actor = "chaos@example.org";

    /// <summary>
    /// How long the nodes hold an Idempotency-Key whose request was cut off before releasing it (5 minutes by default):
    /// shorter here so the tests see the release within their time budget. A live request slower than this on a loaded
    /// machine only loses its stored response (a re-send answers "unchanged" instead of a replay), which the checks allow.
    /// </summary>
    public static readonly TimeSpan AbandonAfter = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(20);
    private const int MaxKeptLines = 20_000;

    private readonly string _connectionString;
    private readonly string _workingDirectory;
    private readonly List<string> _lines = [];
    private Process? _process;
    private int _generation;
    private volatile bool _killing;

    public ApiNode(string name, string connectionString)
    {
        Name = name;
        _connectionString = connectionString;
        Port = LoopbackPorts.Free();
        _workingDirectory = Directory.CreateTempSubdirectory($"claimsledger-chaos-{name}-").FullName;
        // One client for the node's whole life: restarts keep the address, so callers keep using it as real clients do.
        Client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5), PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Port}"),
            // Generous: a node's first command compiles its Wolverine handlers, which takes long on two busy cores.
            Timeout = TimeSpan.FromSeconds(60),
        };
        Client.DefaultRequestHeaders.Add("X-Actor", Actor);
        // A test host that ends early (a timeout, an abort) must not leave API processes running on the machine.
        AppDomain.CurrentDomain.ProcessExit += KillOnExit;
    }

    private void KillOnExit(object? sender, EventArgs e)
    {
        try { _process?.Kill(entireProcessTree: true); }
        catch (Exception) { /* exiting: nothing left to report to */ }
    }

    public string Name { get; }
    public int Port { get; }
    public HttpClient Client { get; }

    /// <summary>The process id while it runs; the API runs directly under `dotnet`, so this is the API itself.</summary>
    public int? Pid => _process is { HasExited: false } p ? p.Id : null;

    public bool IsRunning => Pid is not null;

    public static string ApiAssembly()
    {
        var own = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        foreach (var configuration in new[] { own, own == "Release" ? "Debug" : "Release" })
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "src", "ClaimsLedger.Api", "bin", configuration, "net10.0", "ClaimsLedger.Api.dll");
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new FileNotFoundException("The API's build output (src/ClaimsLedger.Api/bin/<configuration>/net10.0) was not found; build the solution first.");
    }

    /// <summary>Starts the process and returns once /health/live answers 200.</summary>
    public async Task StartAsync(TimeSpan? liveTimeout = null)
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running.");
        var generation = Interlocked.Increment(ref _generation);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssembly());
        // Only the settings given here: a developer's or CI's own ledger settings must not leak into the child.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ClaimsLedger__")
                                                              || k is "Urls" or "ASPNETCORE_URLS" or "ASPNETCORE_ENVIRONMENT").ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Marten"] = _connectionString;
        start.Environment["ClaimsLedger__LoadSeeds"] = "false";
        start.Environment["ClaimsLedger__RateLimit__PerSecond"] = "100000";
        start.Environment["ClaimsLedger__RateLimit__Burst"] = "100000";
        start.Environment["ClaimsLedger__RateLimit__AdminPerMinute"] = "100000";
        start.Environment["ClaimsLedger__Idempotency__AbandonAfter"] = AbandonAfter.ToString("c");
        start.Environment["Urls"] = $"http://127.0.0.1:{Port}";
        // Plain lines, one per entry, so the kept output reads in failure messages.
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Keep(generation, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(generation, e.Data);
        _killing = false;
        // A node that stops without the test killing it was stopped from outside (another process's SIGTERM shows in its
        // log as "Application stopping signal received") or crashed: say so, or the failure reads as the API's own fault.
        process.Exited += (_, _) => Keep(generation, _killing
            ? $"--- {Name} exited (killed by the test) ---"
            : $"--- {Name} EXITED ON ITS OWN with code {ExitCodeOf(process)} at {DateTime.Now:HH:mm:ss.fff}: not stopped by this test ---");
        Keep(generation, $"--- {Name} starting (run {generation}) on port {Port} ---");
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        await WaitUntilLiveAsync(liveTimeout ?? TimeSpan.FromSeconds(90));
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was live.\n{Tail(80)}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Client.GetAsync("/health/live", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} did not answer /health/live within {timeout.TotalSeconds:0} s.\n{Tail(80)}");
    }

    /// <summary>SIGKILL, and wait until the process is gone so its port and database sessions are released.</summary>
    public void Kill()
    {
        if (_process is null || _process.HasExited) return;
        Keep(_generation, $"--- {Name} SIGKILLed by the test ---");
        _killing = true;
        _process.Kill(entireProcessTree: true);
        if (!_process.WaitForExit(KillWait)) throw new TimeoutException($"{Name} (pid {_process.Id}) survived SIGKILL for {KillWait.TotalSeconds:0} s.");
    }

    public async Task RestartAsync(TimeSpan? liveTimeout = null)
    {
        Kill();
        await StartAsync(liveTimeout);
    }

    /// <summary>The last lines the node wrote, across restarts, for failure messages.</summary>
    public string Tail(int lines = 60)
    {
        lock (_lines) return $"[{Name} output, last {Math.Min(lines, _lines.Count)} lines]\n" + string.Join('\n', _lines.TakeLast(lines));
    }

    /// <summary>Every kept line that contains <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LinesContaining(string text)
    {
        lock (_lines) return _lines.Where(l => l.Contains(text, StringComparison.Ordinal)).ToList();
    }

    private void Keep(int generation, string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            if (_lines.Count >= MaxKeptLines) _lines.RemoveRange(0, MaxKeptLines / 10);
            _lines.Add(generation > 1 ? $"#{generation} {line}" : line);
        }
    }

    private static string ExitCodeOf(Process process)
    {
        try { return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (InvalidOperationException) { return "?"; }
    }


    public ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillOnExit;
        // CHAOS_LOG_DIR keeps every node's whole output, for reading a run afterwards; failure messages carry only tails.
        if (Environment.GetEnvironmentVariable("CHAOS_LOG_DIR") is { Length: > 0 } logs)
        {
            Directory.CreateDirectory(logs);
            lock (_lines) File.WriteAllLines(Path.Combine(logs, $"{DateTime.UtcNow:HHmmss}-{Name}-{Port}.log"), _lines);
        }
        try { Kill(); }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException) { }
        _process?.Dispose();
        Client.Dispose();
        try { Directory.Delete(_workingDirectory, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

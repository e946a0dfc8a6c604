using System.Net;
using ClaimsLedger.EmbeddedPostgres;

namespace ClaimsLedger.Benchmarks;

/// <summary>
/// The API's build output as a child process, configured the way an operator would (environment variables only), with
/// its resident memory sampled from /proc for the whole run.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private readonly int _pid;
    private long _peakRssKb;

    private ApiProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _pid = process.Id;
        _log = log;
        BaseAddress = baseAddress;
        _sampler = Task.Run(SampleAsync);
    }

    public Uri BaseAddress { get; }
    public int Pid => _pid;

    /// <summary>The highest resident set size seen: every 100 ms, and the kernel's own high-water mark (VmHWM) when read.</summary>
    public double PeakRssMb => Math.Max(Interlocked.Read(ref _peakRssKb), ReadStatusKb("VmHWM") ?? 0) / 1024.0;

    /// <summary>The resident set size now.</summary>
    public double RssMb => (ReadStatusKb("VmRSS") ?? 0) / 1024.0;

    public static async Task<ApiProcess> StartAsync(
        string assembly, string connectionString, string logPath, IEnumerable<KeyValuePair<string, string>> environment, ILogger logger)
    {
        if (!File.Exists(assembly))
            throw new FileNotFoundException($"The API is not built at {assembly}; run `dotnet build ClaimsLedger.sln -c Release` first.");
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(logPath)!,
        };
        start.ArgumentList.Add(assembly);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ClaimsLedger__")).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["ClaimsLedger__LoadSeeds"] = "false";
        start.Environment["ClaimsLedger__RateLimit__PerSecond"] = "1000000";
        start.Environment["ClaimsLedger__RateLimit__Burst"] = "1000000";
        start.Environment["ClaimsLedger__RateLimit__AdminPerMinute"] = "1000";
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in environment) start.Environment[key] = value;

        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var api = new ApiProcess(process, log, new Uri($"http://127.0.0.1:{port}"));
        logger.LogInformation("API started (pid {Pid}) on {Address}; log: {Log}", process.Id, api.BaseAddress, logPath);

        using var http = new HttpClient { BaseAddress = api.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"The API exited with {process.ExitCode} during start-up; see {logPath}.");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return api;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"The API did not become ready in 3 minutes; see {logPath}.");
            await Task.Delay(250);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null) return;
        lock (log)
        {
            try { log.WriteLine(line); } catch (ObjectDisposedException) { }
        }
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            if (ReadStatusKb("VmRSS") is { } rss && rss > Interlocked.Read(ref _peakRssKb)) Interlocked.Exchange(ref _peakRssKb, rss);
            try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { return; }
        }
    }

    private long? ReadStatusKb(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }


    /// <summary>Asks the API to stop (SIGTERM, so it shuts down as in production), then kills it if it does not within 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        var peak = PeakRssMb; // VmHWM can only be read while the process lives
        Interlocked.Exchange(ref _peakRssKb, (long)(peak * 1024));
        await _stop.CancelAsync();
        await _sampler;
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}

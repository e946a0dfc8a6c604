using System.Diagnostics;
using System.Net;
using System.Text;
using ClaimsLedger.Api.Tests.CommandLine;
using ClaimsLedger.EmbeddedPostgres;

namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// The API's build output serving HTTP on a free loopback port, as an operator runs it, on a database of its own:
/// for clients that are not .NET (a browser, Node) and must reach it over a real socket.
/// </summary>
public sealed class RunningApi : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private RunningApi(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Everything the process has printed so far, for failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<RunningApi> StartAsync(string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(CommandLineTests.ApiAssembly());
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__") || k.StartsWith("ClaimsLedger__")).ToList())
            start.Environment.Remove(key);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Marten"] = connectionString;
        start.Environment["Urls"] = address.ToString();
        start.Environment["ClaimsLedger__LoadSeeds"] = "false";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var api = new RunningApi(Process.Start(start)!, address);
        api._process.OutputDataReceived += (_, e) => api.Append(e.Data);
        api._process.ErrorDataReceived += (_, e) => api.Append(e.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        await api.WaitUntilReadyAsync(TimeSpan.FromMinutes(2));
        return api;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The API exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The API was not ready within {limit}:\n{Output}");
    }


    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

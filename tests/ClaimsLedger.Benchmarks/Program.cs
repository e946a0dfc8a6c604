using System.Globalization;
using System.Text;
using ClaimsLedger.Benchmarks;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

// A saved run's table again (to paste into the README) without running anything.
if (args is ["--table", var saved])
{
    Console.WriteLine(ResultTable.Render(JsonNode.Parse(await File.ReadAllTextAsync(saved))!.AsObject()));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var logger = new ConsoleLogger();
var results = await new Harness(options, logger).RunAsync();
if (options.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    logger.LogInformation("Results written to {Path}", Path.GetFullPath(path));
}
Console.WriteLine();
Console.WriteLine(ResultTable.Render(results));
return 0;

/// <summary>Progress on standard error, with the time since start, so standard output holds only the table.</summary>
internal sealed class ConsoleLogger : ILogger
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        Console.Error.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {formatter(state, exception)}");
    }
}

/// <summary>The results as a Markdown table (what the README shows).</summary>
internal static class ResultTable
{
    public static string Render(JsonObject r)
    {
        // Parsed from the JSON text: a whole number is stored as a long, which GetValue<double> refuses.
        static string N(JsonNode? n, string format = "N0") => n is null ? "–" : double.Parse(n.ToJsonString(), CultureInfo.InvariantCulture).ToString(format, CultureInfo.InvariantCulture);
        var m = r["machine"]!;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{N(r["events"])} events, {r["date"]}; {m["cores"]} cores ({m["cpu"]}), {m["ramGb"]} GB RAM, " +
                                                   $"PostgreSQL {m["postgres"]} (synchronous_commit={m["synchronousCommit"]}), .NET {m["dotnet"]}; load average {m["loadAverageAtStart"]} at start");
        if (m["apiLaunchProfile"] is JsonObject profile)
            sb.AppendLine(CultureInfo.InvariantCulture, $"API run with its launch profile's {string.Join(", ", profile.Select(e => $"{e.Key}={e.Value}"))}");
        if (m["apiEnvironment"] is JsonObject environment)
            sb.AppendLine(CultureInfo.InvariantCulture, $"API run with {string.Join(", ", environment.Select(e => $"{e.Key}={e.Value}"))}");
        sb.AppendLine();
        sb.AppendLine("| measure | ledger | raw PostgreSQL | ratio |");
        sb.AppendLine("|---|---|---|---|");
        // A --reads-only run wrote nothing: it has no write rows.
        if (r["bulkIngest"] is { } bulk)
            sb.AppendLine($"| bulk ingest (`POST /api/claims/batch`, {bulk["batchSize"]} per batch, {bulk["clients"]} clients) | {N(bulk["claimsPerSecond"])} claims/s | {N(bulk["rawInsertRowsPerSecond"])} rows/s (batched INSERT) | {N(bulk["ratio"], "N3")} |");
        if (r["bulkIngest"]?["floorClaimsPerSecond"] is { } ingestFloor)
            sb.AppendLine($"| the ingest's floor: the rows of the {r["bulkIngest"]!["floorTables"]!.AsArray().Count} tables a claim fills, sent again alone (binary COPY into the tables with their indexes, {r["bulkIngest"]!["floorConnections"]} connections) | {N(ingestFloor)} claims/s ({N(r["bulkIngest"]!["floorSeconds"], "N1")} s) | {N(r["bulkIngest"]!["rawInsertRowsPerSecond"])} rows/s (the same batched INSERT) | {N(r["bulkIngest"]!["floorRatio"], "N3")} |");
        if (r["singlePost"] is { } single)
            sb.AppendLine($"| single `POST /api/claims`, {single["clients"]} clients | {N(single["requestsPerSecond"])} req/s, p50 {N(single["p50Ms"], "N1")} ms, p99 {N(single["p99Ms"], "N1")} ms | {N(single["rawCommitsPerSecond"])} commits/s (1-row INSERT) | {N(single["requestsPerSecond"]!.GetValue<double>() / single["rawCommitsPerSecond"]!.GetValue<double>(), "N3")} |");
        if (r["visibility"] is { } vis)
            sb.AppendLine($"| visibility: acknowledged write → alignment (under the single POSTs) | p50 {N(vis["p50Ms"])} ms, p99 {N(vis["p99Ms"])} ms ({N(vis["samples"])} samples) | | |");
        if (r["rebuild"] is { } rebuild)
            sb.AppendLine($"| rebuild of every projection ({string.Join(", ", rebuild["projections"]!.AsArray().Select(p => p!.GetValue<string>()))}) | {N(rebuild["eventsPerSecond"])} events/s ({N(rebuild["seconds"], "N1")} s) | {N(rebuild["rawScanRowsPerSecond"])} rows/s (COPY of mt_events in order) | {N(rebuild["ratio"], "N4")} |");
        if (r["rebuild"]?["floorEventsPerSecond"] is { } floor)
            sb.AppendLine($"| the rebuild's floor: its {r["rebuild"]!["floorTables"]!.AsArray().Count} read models' rows written again alone (INSERT … SELECT, indexes built after, {r["rebuild"]!["floorConnections"]} connections) | {N(floor)} events/s ({N(r["rebuild"]!["floorSeconds"], "N1")} s) | {N(r["rebuild"]!["rawScanRowsPerSecond"])} rows/s (the same scan) | {N(r["rebuild"]!["floorRatio"], "N4")} |");
        sb.AppendLine($"| storage | {N(r["storageBytesPerEvent"])} bytes/event (database) | {N(r["eventsTableBytesPerEvent"])} bytes/event (mt_events alone) | |");
        if (r["details"]?["storage"]?["floorBytesPerEvent"] is { } storageFloor)
            sb.AppendLine($"| storage floor: the rebuilt read models as a fresh copy of them takes | {N(storageFloor)} bytes/event | {N(r["eventsTableBytesPerEvent"])} bytes/event (mt_events alone) | {N(r["details"]!["storage"]!["floorRatio"], "N2")} × |");
        sb.AppendLine($"| API peak RSS | {N(r["peakRssMb"])} MB | | |");
        sb.AppendLine();
        var hot = r["details"]?["hotSubject"];
        var clients = r["singlePost"]?["clients"] ?? r["details"]?["readClients"];
        sb.AppendLine($"| read ({clients} clients, hot subject {hot?["subject"]}: {N(hot?["claims"])} claims, {N(hot?["historyEntries"])} history entries) | req/s | p50 | p99 |");
        sb.AppendLine("|---|---|---|---|");
        foreach (var (name, read) in r["reads"]!.AsObject())
            sb.AppendLine($"| `{name}` | {N(read!["requestsPerSecond"], "N1")} | {N(read["p50Ms"], "N1")} ms | {N(read["p99Ms"], "N1")} ms |");
        return sb.ToString();
    }
}

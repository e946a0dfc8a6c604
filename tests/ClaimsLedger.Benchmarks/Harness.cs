using System.Globalization;
using System.Text;
using ClaimsLedger.EmbeddedPostgres;

namespace ClaimsLedger.Benchmarks;

/// <summary>
/// One run, in order: raw baselines on a bare table; the API starts; sources; bulk ingest through the batch endpoint;
/// single POSTs from many clients with a visibility probe beside them; revisions, contestations, retractions and regrades;
/// reads at the full corpus; storage; a rebuild of every projection beside a raw scan of the event rows.
/// </summary>
public sealed class Harness(BenchOptions options, ILogger logger)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly JsonObject _results = new();
    private readonly JsonObject _details = new();
    private readonly Random _random = new(options.Seed + 1);
    private Corpus _corpus = null!;
    private Api _api = null!;
    private Database _db = null!;
    private CpuMeter _cpu = null!;
    private readonly SpeedProbe _probe = new();
    private ApiProcess? _apiProcess;
    /// <summary>What the server had written when the rebuild began, for <see cref="FloorAsync"/>.</summary>
    private WriteSample? _beforeRebuild;
    /// <summary>What the bulk ingest and the alignment's catch-up after it wrote, for <see cref="IngestFloorAsync"/>.</summary>
    private WriteSample? _bulkWrites;
    private readonly List<(string Id, string Subject)> _created = [];

    public async Task<JsonObject> RunAsync()
    {
        var total = Stopwatch.StartNew();
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"claimsledger-bench-{Guid.NewGuid():N}");
        _results["machine"] = Machine();
        _results["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv);

        if (options.ReadsOnly) _details["readsOnly"] = new JsonObject { ["dataDirectory"] = dataDirectory };
        else GenerateCorpus();

        var postgres = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory }, logger);
        try
        {
            if (options.StatStatements) postgres = await EnableStatStatementsAsync(postgres, dataDirectory);
            _db = new Database(postgres.ConnectionString);
            _cpu = new CpuMeter(postgres.DataDirectory);
            ((JsonObject)_results["machine"]!)["postgres"] = await _db.ScalarAsync<string>("show server_version");
            ((JsonObject)_results["machine"]!)["synchronousCommit"] = await _db.ScalarAsync<string>("show synchronous_commit");
            if (options.ApiEnvironment.Count > 0)
                ((JsonObject)_results["machine"]!)["apiEnvironment"] = new JsonObject(options.ApiEnvironment.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value)));
            var raw = options.ReadsOnly ? default : await RawBaselinesAsync(postgres.ConnectionString);

            var apiDir = Path.Combine(postgres.DataDirectory, "..", "api");
            Directory.CreateDirectory(apiDir);
            var profile = LaunchProfile.Environment(RepositoryRoot());
            if (profile.Count > 0)
                ((JsonObject)_results["machine"]!)["apiLaunchProfile"] = new JsonObject(profile.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value)));
            await using (var api = await ApiProcess.StartAsync(ApiAssembly(), postgres.ConnectionString, Path.Combine(apiDir, "api.log"),
                             [.. profile, .. options.ApiEnvironment], logger))
            {
                _cpu.ApiPid = api.Pid;
                _apiProcess = api;
                using (_api = new Api(api.BaseAddress))
                {
                    var beforeWrites = await _db.WritesAsync();
                    if (options.ReadsOnly) await CatchUpAsync("atStart");
                    else await WritesAsync(raw);
                    _results["events"] = await _db.EventCountAsync();
                    await QuietAsync();
                    if (!options.ReadsOnly)
                    {
                        await Task.Delay(WriteSample.Published);
                        await WrittenAsync("allWrites", beforeWrites, _results["events"]!.GetValue<long>());
                    }
                    await SettleAsync();
                    await VacuumBeforeReadsAsync();
                    _details["tablesAtReads"] = await TablesAtReadsAsync();
                    await ReadsAsync();
                    await StorageAsync();
                    if (!options.SkipRebuild) await RebuildAsync();
                    if (options.StatStatements) _details["topStatementsSinceLastPhase"] = new JsonArray([.. await _db.TopStatementsAsync(15)]);
                }
                _results["peakRssMb"] = Math.Round(api.PeakRssMb, 1);
            }
            // The API has stopped: the floor's phase charges nothing to it.
            _apiProcess = null;
            _cpu.ApiPid = null;
            await FloorAsync();
            await IngestFloorAsync(Path.Combine(postgres.DataDirectory, "..", "ingest-floor"));
        }
        finally
        {
            _probe.Dispose();
            await postgres.StopAsync();
            if (options.DataDirectory is null && !options.Keep)
                try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            else logger.LogInformation("Data kept in {Directory} (cluster in {Cluster}); its reads again: --reads-only --data-dir {Directory}",
                dataDirectory, postgres.DataDirectory, dataDirectory);
        }
        _details["runSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1);
        ((JsonObject)_results["machine"]!)["loadAverageAtEnd"] = LoadAverage();
        _results["details"] = _details;
        return Ordered();
    }

    // ---- phases ----

    private void GenerateCorpus()
    {
        logger.LogInformation("Generating the corpus for {Events} events (seed {Seed})", options.Events, options.Seed);
        _corpus = Corpus.Generate(options.Events, options.Seed);
        var perSubject = _corpus.ClaimsPerSubject();
        _details["corpus"] = new JsonObject
        {
            ["plannedEvents"] = _corpus.PlannedEvents, ["sources"] = _corpus.Sources.Count, ["bulkRecordings"] = _corpus.Bulk.Count,
            ["singlePosts"] = _corpus.SinglePosts.Count, ["visibilityProbes"] = _corpus.Probes.Count, ["revisions"] = _corpus.Revisions,
            ["contestations"] = _corpus.Contestations, ["retractions"] = _corpus.Retractions, ["regrades"] = _corpus.Regrades,
            ["subjects"] = perSubject.Count, ["hotSubject"] = perSubject.First().Key, ["hotSubjectClaims"] = perSubject.First().Value,
            ["coldestSubjectClaims"] = perSubject.Last().Value,
            ["averageSourceTextChars"] = Math.Round(_corpus.Sources.Average(s => s.Text.Length)),
        };
    }

    /// <summary>Everything the run writes, each write phase measured, until the alignment has taken it all up.</summary>
    private async Task WritesAsync((double InsertRowsPerSecond, double CommitsPerSecond) raw)
    {
        await WarmUpAsync();
        await RegisterSourcesAsync();
        var beforeBulk = await _db.WritesAsync();
        await BulkIngestAsync(raw.InsertRowsPerSecond);
        await CatchUpAsync("afterBulk");
        _bulkWrites = (await _db.WritesAsync()).Minus(beforeBulk);
        await SinglePostsAsync(raw.CommitsPerSecond);
        await LifecycleAsync();
        await CatchUpAsync("afterLifecycle");
    }

    private async Task<(double InsertRowsPerSecond, double CommitsPerSecond)> RawBaselinesAsync(string connectionString)
    {
        logger.LogInformation("Raw baselines on a bare table (database bench_raw)");
        var admin = new Database(connectionString);
        await admin.ExecuteAsync("drop database if exists bench_raw with (force)");
        await admin.ExecuteAsync("create database bench_raw");
        var raw = new Database(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = "bench_raw" }.ConnectionString);
        // Rows shaped and sized like the ClaimExtracted events the bulk ingest appends.
        var payloads = _corpus.Bulk.Select(r => EventPayload(r)).ToList();
        var written = await raw.WritesAsync();
        var cpu = _cpu.Read();
        var clock = Stopwatch.StartNew();
        var (rowsPerSecond, rows) = await raw.BatchedInsertsAsync(payloads, options.BatchSize, options.BulkClients);
        Cpu("rawInsert", cpu, rows, clock.Elapsed);
        // Its connections closed, so their backends publish their counts as they exit.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Written("rawInsert", (await raw.WritesAsync()).Minus(written), rows);
        cpu = _cpu.Read();
        var commits = await raw.SingleCommitsAsync(payloads[0], options.Clients, TimeSpan.FromSeconds(options.Quick ? 5 : 10));
        Cpu("rawCommits", cpu, commits.Requests, commits.Elapsed);
        Npgsql.NpgsqlConnection.ClearAllPools();
        await admin.ExecuteAsync("drop database bench_raw with (force)");
        _details["raw"] = new JsonObject
        {
            ["insertRows"] = rows, ["insertRowsPerSecond"] = R(rowsPerSecond), ["averagePayloadBytes"] = Math.Round(payloads.Average(p => p.Length)),
            ["commits"] = commits.Requests, ["commitsPerSecond"] = R(commits.PerSecond), ["commitP50Ms"] = R(commits.P50, 2), ["commitP99Ms"] = R(commits.P99, 2),
        };
        logger.LogInformation("  batched INSERT {Rows:N0} rows/s, single-row commits {Commits:N0}/s", rowsPerSecond, commits.PerSecond);
        return (rowsPerSecond, commits.PerSecond);
    }

    private async Task WarmUpAsync()
    {
        // Wolverine compiles each handler on first use: pay for that before anything is timed, appending nothing.
        var unknown = new JsonObject
        {
            ["subject"] = "KZ", ["statement"] = "Warm-up.", ["effects"] = JsonNode.Parse("""[{"power":"CN","dimension":"economic","direction":"toward","strength":1}]"""),
            ["evidence"] = new JsonObject { ["sourceId"] = "no-such-source", ["start"] = 0, ["end"] = 1, ["quote"] = "x" },
        };
        await _api.PostAsync("/api/claims", Json.Bytes(unknown));
        await _api.PostAsync("/api/claims/batch", Json.Bytes(new JsonObject { ["claims"] = new JsonArray(unknown.DeepClone()) }));
        await _api.DrainAsync("/api/alignments/KZ");
    }

    private async Task RegisterSourcesAsync()
    {
        var sources = _corpus.Sources.Append(_corpus.ProbeSource).Select(s => s.Body()).ToList();
        logger.LogInformation("Registering {Count} sources", sources.Count);
        var result = await Load.ForEachAsync(sources, options.Clients, async body =>
        {
            var (status, text) = await _api.PostAsync("/api/sources", body);
            return status is 200 or 201 ? null : $"{status} {Encoding.UTF8.GetString(text)}";
        });
        Fail(result, "source registration");
        _details["sourceRegistration"] = Summary(result);
    }

    private async Task BulkIngestAsync(double rawRowsPerSecond)
    {
        var batches = _corpus.Bulk.Chunk(options.BatchSize).Select(batch =>
            (Items: batch, Body: Json.Bytes(new JsonObject { ["claims"] = new JsonArray([.. batch.Select(r => (JsonNode)r.Claim.Object(r.Evidence))]) }))).ToList();
        logger.LogInformation("Bulk ingest: {Claims:N0} claims in {Batches} batches of {Size}, {Clients} clients", _corpus.Bulk.Count, batches.Count,
            options.BatchSize, options.BulkClients);
        var outcomes = new Dictionary<string, int>();
        var created = new List<(string, string)>();
        // A batch starts only when every batch `window` places before it has been answered, so a corroboration (which
        // cites a claim CorroborationLag recordings older) never races the batch that creates its claim.
        var done = batches.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var window = Math.Max(options.BulkClients, Corpus.CorroborationLag / options.BatchSize - 1);
        var posts = new Latencies();
        var written = await _db.WritesAsync();
        var cpu = _cpu.Read();
        var result = await Load.ForEachAsync(Enumerable.Range(0, batches.Count).ToList(), options.BulkClients, async i =>
        {
            if (i >= window) await Task.WhenAll(done.Take(i - window + 1).Select(d => d.Task));
            try { return await PostBatchAsync(batches[i]); }
            finally { done[i].TrySetResult(); }
        });
        async Task<string?> PostBatchAsync((ClaimRecording[] Items, byte[] Body) batch)
        {
            var started = Stopwatch.GetTimestamp();
            var (status, body) = await _api.PostAsync("/api/claims/batch", batch.Body);
            posts.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (status != 200) return $"{status} {Encoding.UTF8.GetString(body)[..Math.Min(500, body.Length)]}";
            var results = JsonNode.Parse(body)!["results"]!.AsArray();
            lock (outcomes)
            {
                foreach (var r in results)
                {
                    var outcome = r!["outcome"]?.GetValue<string>() ?? $"status {r["status"]}";
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                    if (outcome == "created") created.Add((r["id"]!.GetValue<string>(), batch.Items[r["index"]!.GetValue<int>()].Claim.Subject));
                }
            }
            return results.Count == batch.Items.Length ? null : $"{results.Count} results for {batch.Items.Length} items";
        }
        Cpu("bulkIngest", cpu, _corpus.Bulk.Count, result.Elapsed);
        await WrittenAsync("bulkIngest", written, _corpus.Bulk.Count);
        Fail(result, "bulk ingest");
        _created.AddRange(created);
        var claimsPerSecond = _corpus.Bulk.Count / result.Elapsed.TotalSeconds;
        _results["bulkIngest"] = new JsonObject
        {
            ["claimsPerSecond"] = R(claimsPerSecond), ["rawInsertRowsPerSecond"] = R(rawRowsPerSecond), ["ratio"] = R(claimsPerSecond / rawRowsPerSecond, 3),
            ["claims"] = _corpus.Bulk.Count, ["batchSize"] = options.BatchSize, ["clients"] = options.BulkClients,
            ["seconds"] = R(result.Elapsed.TotalSeconds, 1), ["batchP50Ms"] = R(posts.Percentile(50)), ["batchP99Ms"] = R(posts.Percentile(99)),
            ["outcomes"] = new JsonObject([.. outcomes.OrderBy(o => o.Key).Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))]),
        };
        logger.LogInformation("  {Rate:N0} claims/s ({Seconds:N1} s)", claimsPerSecond, result.Elapsed.TotalSeconds);
        await StatementsAsync("bulkIngest");
        await CheckpointAsync();
    }

    private async Task SinglePostsAsync(double rawCommitsPerSecond)
    {
        var bodies = _corpus.SinglePosts.Select(r => (r.Claim.Subject, Body: r.Claim.Body(r.Evidence))).ToList();
        logger.LogInformation("Single POSTs: {Count:N0} from {Clients} clients, with a visibility probe", bodies.Count, options.Clients);
        var done = false;
        var probe = Task.Run(() => ProbeVisibilityAsync(() => Volatile.Read(ref done)));
        var written = await _db.WritesAsync();
        var cpu = _cpu.Read();
        var created = new List<(string, string)>();
        var result = await Load.ForEachAsync(bodies, options.Clients, async item =>
        {
            var (status, body) = await _api.PostAsync("/api/claims", item.Body);
            if (status == 201) lock (created) created.Add((JsonNode.Parse(body)!["id"]!.GetValue<string>(), item.Subject));
            return status is 200 or 201 ? null : $"{status} {Encoding.UTF8.GetString(body)}";
        });
        Volatile.Write(ref done, true);
        Cpu("singlePost", cpu, result.Requests, result.Elapsed);
        await WrittenAsync("singlePost", written, result.Requests);
        var (visibility, timeouts) = await probe;
        Fail(result, "single POSTs");
        _created.AddRange(created);
        _results["singlePost"] = new JsonObject
        {
            ["requestsPerSecond"] = R(result.PerSecond), ["p50Ms"] = R(result.P50, 2), ["p99Ms"] = R(result.P99, 2),
            ["rawCommitsPerSecond"] = R(rawCommitsPerSecond), ["requests"] = result.Requests, ["clients"] = options.Clients,
        };
        _results["visibility"] = new JsonObject
        {
            ["p50Ms"] = R(visibility.Percentile(50), 1), ["p99Ms"] = R(visibility.Percentile(99), 1), ["maxMs"] = R(visibility.Max, 1),
            ["samples"] = visibility.Count, ["timeouts"] = timeouts,
            ["method"] = $"a POST /api/claims about {Corpus.ProbeSubject} (only the probe writes there) every 20-80 ms; GET /api/alignments/{Corpus.ProbeSubject} every 2 ms until its lastSequence reaches the write's position",
        };
        logger.LogInformation("  {Rate:N0} req/s, p50 {P50:N1} ms, p99 {P99:N1} ms; visibility p50 {V50:N0} ms, p99 {V99:N0} ms ({Samples} samples)",
            result.PerSecond, result.P50, result.P99, visibility.Percentile(50), visibility.Percentile(99), visibility.Count);
        await StatementsAsync("singlePost");
        await CheckpointAsync();
    }

    /// <summary>
    /// Writes claims about a subject nobody else writes about, one every 20–80 ms, while a poller reads that subject's
    /// alignment every 2 ms: a probe's visibility is the time from its write's acknowledgement to the first read whose
    /// <c>lastSequence</c> (the last event that changed the subject's scores) has reached the position the write answered.
    /// Each probe claim changes the probe subject's scores, so that is when it contributes; reading the position rather
    /// than looking for the claim among the contributions holds however many probes there are (the view lists only the
    /// top few). Writing on a timer rather than after each sighting keeps the samples coming when the projection lags
    /// (and lets that lag show).
    /// </summary>
    private async Task<(Latencies, int Timeouts)> ProbeVisibilityAsync(Func<bool> stop)
    {
        var latencies = new Latencies();
        var pending = new Dictionary<long, long>();   // the write's ledger position → acknowledgement timestamp
        var writing = true;
        var source = _corpus.ProbeSource;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < _corpus.Probes.Count && !stop(); i++)
            {
                var (status, body) = await _api.PostAsync("/api/claims", _corpus.Probes[i].Body(source.Evidence(i % source.Sentences.Count)));
                var acknowledged = Stopwatch.GetTimestamp();
                if (status == 201) lock (pending) pending[JsonNode.Parse(body)!["position"]!.GetValue<long>()] = acknowledged;
                await Task.Delay(Random.Shared.Next(20, 81));
            }
            Volatile.Write(ref writing, false);
        });
        var timeouts = 0;
        while (true)
        {
            var view = await _api.GetJsonAsync($"/api/alignments/{Corpus.ProbeSubject}");
            var seenAt = Stopwatch.GetTimestamp();
            var reached = view["lastSequence"]!.GetValue<long>();
            lock (pending)
            {
                foreach (var (position, acknowledged) in pending.ToList())
                {
                    if (reached >= position) latencies.Add(Stopwatch.GetElapsedTime(acknowledged, seenAt).TotalMilliseconds);
                    else if (Stopwatch.GetElapsedTime(acknowledged, seenAt) > TimeSpan.FromMinutes(2)) timeouts++;
                    else continue;
                    pending.Remove(position);
                }
                if (!Volatile.Read(ref writing) && pending.Count == 0) break;
            }
            await Task.Delay(2);
        }
        await writer;
        return (latencies, timeouts);
    }

    private async Task LifecycleAsync()
    {
        var claims = _created.ToList();
        var sources = _corpus.Sources;
        var revisions = Enumerable.Range(0, _corpus.Revisions).Select(i =>
        {
            var (id, _) = claims[_random.Next(claims.Count)];
            return ($"/api/claims/{id}/confidence", Json.Bytes(new JsonObject
                { ["confidence"] = Math.Round(0.05 + _random.NextDouble() * 0.9, 3), ["reason"] = $"Re-read against later reporting ({i})." }), Api.Actor);
        });
        var contestations = Enumerable.Range(0, _corpus.Contestations).Select(i =>
        {
            var (id, _) = claims[_random.Next(claims.Count)];
            var body = new JsonObject { ["reason"] = $"Disputed by other reporting ({i})." };
            if (_random.NextDouble() < 0.5)
            {
                var source = sources[_random.Next(sources.Count)];
                body["evidence"] = source.Evidence(_random.Next(source.Sentences.Count));
            }
            return ($"/api/claims/{id}/contestations", Json.Bytes(body), $"analyst-{_random.Next(40)}@example.org");
        });
        var mixed = revisions.Concat(contestations).OrderBy(_ => _random.Next()).ToList();
        var retracted = claims.OrderBy(_ => _random.Next()).Take(_corpus.Retractions)
            .Select(c => ($"/api/claims/{c.Id}/retraction", Json.Bytes(new JsonObject { ["reason"] = "Withdrawn after review." }), Api.Actor)).ToList();
        var grades = sources.ToDictionary(s => s.Id, s => s.Grade);
        var regrades = Enumerable.Range(0, _corpus.Regrades).Select(i =>
        {
            var source = sources[i * 7919 % sources.Count];
            var grade = "ABCDEF"[(("ABCDEF".IndexOf(grades[source.Id][0], StringComparison.Ordinal)) + 1 + _random.Next(5)) % 6].ToString();
            grades[source.Id] = grade;
            return ($"/api/sources/{source.Id}/reliability", Json.Bytes(new JsonObject { ["grade"] = grade, ["reason"] = $"Track record reviewed ({i})." }), Api.Actor);
        }).ToList();

        logger.LogInformation("Lifecycle: {Revisions} revisions and {Contestations} contestations, {Retractions} retractions, {Regrades} regrades",
            _corpus.Revisions, _corpus.Contestations, retracted.Count, regrades.Count);
        var summary = new JsonObject();
        var written = await _db.WritesAsync();
        var commands = 0L;
        foreach (var (name, requests) in new[] { ("revisionsAndContestations", mixed), ("retractions", retracted), ("regrades", regrades) })
        {
            commands += requests.Count;
            var result = await Load.ForEachAsync(requests, options.Clients, async r =>
            {
                var (status, body) = await _api.PostAsync(r.Item1, r.Item2, r.Item3);
                return status == 200 ? null : $"{status} {Encoding.UTF8.GetString(body)}";
            });
            Fail(result, name);
            summary[name] = Summary(result);
        }
        _details["lifecycle"] = summary;
        await WrittenAsync("lifecycle", written, commands);
    }

    private async Task ReadsAsync()
    {
        var hot = Corpus.Subjects[0];
        var view = await _api.GetJsonAsync($"/api/alignments/{hot}");
        var claimsTotal = (await _api.GetJsonAsync($"/api/claims?subject={hot}&pageSize=1"))["total"]!.GetValue<long>();
        var historyTotal = (await _api.GetJsonAsync($"/api/alignments/{hot}/history?pageSize=1"))["total"]!.GetValue<long>();
        // Tombstones carry no timestamp (-infinity).
        var first = await _db.ScalarAsync<DateTime>($"select min(timestamp) from {Database.Schema}.mt_events where type <> 'tombstone'");
        var last = await _db.ScalarAsync<DateTime>($"select max(timestamp) from {Database.Schema}.mt_events where type <> 'tombstone'");
        _details["hotSubject"] = new JsonObject
        {
            ["subject"] = hot, ["claimsInForce"] = view["claimCount"]!.GetValue<int>(), ["claims"] = claimsTotal,
            ["contributions"] = view["contributionCount"]!.GetValue<int>(), ["historyEntries"] = historyTotal, ["label"] = view["label"]!.GetValue<string>(),
        };
        int Page(long total) => 1 + Random.Shared.Next((int)Math.Max(1, Math.Min((total + 49) / 50, 20_000)));
        string AsOf() => new DateTimeOffset(first.AddTicks((long)(Random.Shared.NextDouble() * (last - first).Ticks)), TimeSpan.Zero)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", Inv);
        var kinds = new (string Name, Func<string> Path)[]
        {
            ("alignment", () => $"/api/alignments/{hot}"),
            ("alignmentAsOf", () => $"/api/alignments/{hot}?asOf={Uri.EscapeDataString(AsOf())}"),
            ("claimsPage", () => $"/api/claims?subject={hot}&page={Page(claimsTotal)}&pageSize=50"),
            ("history", () => $"/api/alignments/{hot}/history?page={Page(historyTotal)}&pageSize=50"),
            ("report", () => $"/api/reports/alignment?subjects={hot}&format=json"),
        };
        var reads = new JsonObject();
        _details["readClients"] = options.Clients;
        foreach (var (name, path) in kinds)
        {
            var warm = await _api.DrainAsync(path());
            if (warm != 200) throw new InvalidOperationException($"{name}: {path()} answered {warm}.");
            Task<LoadResult> Drive(TimeSpan duration) => Load.ForDurationAsync(duration, options.Clients, async _ =>
            {
                var p = path();
                var status = await _api.DrainAsync(p);
                return status == 200 ? null : $"{status} {p}";
            });
            if (options.WarmUp > TimeSpan.Zero) Fail(await Drive(options.WarmUp), name + " (warm-up)");
            logger.LogInformation("Reads: {Name} for {Seconds} s from {Clients} clients", name, options.ReadDuration.TotalSeconds, options.Clients);
            var cpu = _cpu.Read();
            using var watching = new CancellationTokenSource();
            var autovacuum = WatchAutovacuumAsync(watching.Token);
            var result = await Drive(options.ReadDuration);
            await watching.CancelAsync();
            AutovacuumDuring("reads." + name, await autovacuum);
            Cpu("reads." + name, cpu, result.Requests, result.Elapsed);
            Fail(result, name);
            await WriteSamplesAsync(name, result.Latencies);
            reads[name] = new JsonObject
            {
                ["p50Ms"] = R(result.P50, 2), ["p99Ms"] = R(result.P99, 2), ["requestsPerSecond"] = R(result.PerSecond, 1), ["requests"] = result.Requests,
            };
            logger.LogInformation("  {Rate:N1} req/s, p50 {P50:N1} ms, p99 {P99:N1} ms", result.PerSecond, result.P50, result.P99);
            await StatementsAsync("reads." + name);
            _results["reads"] = reads.DeepClone();
            await CheckpointAsync();
        }
        _results["reads"] = reads;
    }

    private async Task StorageAsync()
    {
        var events = await _db.EventCountAsync();
        var (database, eventsTable) = await _db.SizesAsync();
        _results["storageBytesPerEvent"] = R((double)database / events, 1);
        _results["eventsTableBytesPerEvent"] = R((double)eventsTable / events, 1);
        _details["storage"] = new JsonObject
        {
            ["databaseBytes"] = database, ["eventsTableBytes"] = eventsTable, ["events"] = events, ["tombstones"] = await _db.TombstoneCountAsync(),
            ["largestTables"] = new JsonArray([.. await _db.LargestTablesAsync(8)]),
        };
        await CheckpointAsync();
    }

    private async Task RebuildAsync()
    {
        var events = await _db.EventCountAsync();
        var hot = Corpus.Subjects[0];
        var before = (await _api.GetJsonAsync($"/api/alignments/{hot}"))["scores"]!.ToJsonString();
        logger.LogInformation("Rebuilding every projection over {Events:N0} events", events);
        var written = await _db.WritesAsync();
        var clock = Stopwatch.StartNew();
        var cpu = _cpu.Read();
        var (status, body) = await _api.PostAsync("/api/admin/projections/rebuild", Json.Bytes(new JsonObject { ["projections"] = new JsonArray() }));
        if (status != 202) throw new InvalidOperationException($"rebuild: {status} {Encoding.UTF8.GetString(body)}");
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        JsonNode rebuild;
        var reported = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(250);
            rebuild = await _api.GetJsonAsync($"/api/admin/projections/rebuilds/{id}");
            if (rebuild["state"]!.GetValue<string>() != "running") break;
            if (clock.Elapsed - reported > TimeSpan.FromSeconds(15))
            {
                reported = clock.Elapsed;
                logger.LogInformation("  {Processed:N0} of {Total:N0} positions", rebuild["processed"]!.GetValue<long>(), rebuild["total"]!.GetValue<long>());
            }
        }
        var observed = clock.Elapsed;
        Cpu("rebuild", cpu, events, observed);
        await WrittenAsync("rebuild", written, events);
        _beforeRebuild = written;
        if (rebuild["state"]!.GetValue<string>() != "completed") throw new InvalidOperationException($"rebuild failed: {rebuild.ToJsonString()}");
        var seconds = (rebuild["finishedAt"]!.GetValue<DateTimeOffset>() - rebuild["startedAt"]!.GetValue<DateTimeOffset>()).TotalSeconds;
        await StatementsAsync("rebuild");
        // Let the restarted alignment agent take up the rebuild's own events before anyone reads again.
        await _db.WaitForAlignmentAsync(TimeSpan.FromMinutes(5), logger);
        var after = (await _api.GetJsonAsync($"/api/alignments/{hot}"))["scores"]!.ToJsonString();

        cpu = _cpu.Read();
        var scan = await _db.ScanEventsAsync();
        Cpu("rawScan", cpu, scan.Rows, scan.Elapsed);
        var eventsPerSecond = events / seconds;
        _results["rebuild"] = new JsonObject
        {
            ["eventsPerSecond"] = R(eventsPerSecond), ["rawScanRowsPerSecond"] = R(scan.RowsPerSecond), ["ratio"] = R(eventsPerSecond / scan.RowsPerSecond, 4),
            ["events"] = events, ["seconds"] = R(seconds, 1), ["projections"] = rebuild["projections"]!.DeepClone(),
            ["statusEventsPerSecond"] = rebuild["eventsPerSecond"]!.DeepClone(),
            ["rawScanSeconds"] = R(scan.Elapsed.TotalSeconds, 2), ["rawScanBytes"] = scan.Bytes,
            ["hotSubjectScoresUnchanged"] = before == after,
        };
        logger.LogInformation("  {Rate:N0} events/s ({Seconds:N1} s, observed {Observed:N1} s); raw scan {Scan:N0} rows/s",
            eventsPerSecond, seconds, observed.TotalSeconds, scan.RowsPerSecond);
    }

    /// <summary>
    /// The rebuild's floor (<see cref="Database.RewriteAsync"/>) and the storage floor it gives, measured with the API stopped
    /// and autovacuum idle, so nothing else competes: its index upkeep rebuilds the indexes of tables a blue/green rebuild
    /// swapped in during the minutes after it.
    /// </summary>
    private async Task FloorAsync()
    {
        if (_beforeRebuild is null || _results["rebuild"] is not JsonObject rebuild) return;
        var quiet = await AutovacuumIdleAsync();
        // The tables the rebuild wrote whole, from counts its backends have published: they exited with the API.
        var rewritten = await _db.RewrittenTablesAsync((await _db.WritesAsync()).Minus(_beforeRebuild));
        var events = await _db.EventCountAsync();
        logger.LogInformation("The rebuild's floor: its {Tables} read models written again alone ({Waited:N0} s of autovacuum waited out)",
            rewritten.Count, quiet.TotalSeconds);
        var cpu = _cpu.Read();
        var floor = await _db.RewriteAsync(rewritten, Environment.ProcessorCount);
        Cpu("rebuildFloor", cpu, events, floor.Elapsed);
        await StorageFloorAsync(floor.Bytes, floor.SourceBytes);
        var eventsPerSecond = events / floor.Elapsed.TotalSeconds;
        rebuild["floorEventsPerSecond"] = R(eventsPerSecond);
        rebuild["floorRatio"] = R(eventsPerSecond / rebuild["rawScanRowsPerSecond"]!.GetValue<double>(), 4);
        rebuild["floorSeconds"] = R(floor.Elapsed.TotalSeconds, 2);
        rebuild["floorRows"] = floor.Rows;
        rebuild["floorBytes"] = floor.Bytes;
        rebuild["floorConnections"] = Environment.ProcessorCount;
        rebuild["floorTables"] = new JsonArray([.. rewritten.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]);
        logger.LogInformation("  {Rate:N0} events/s ({Seconds:N1} s, {Rows:N0} rows)", eventsPerSecond, floor.Elapsed.TotalSeconds, floor.Rows);
    }

    /// <summary>
    /// The ingest's floor (<see cref="Database.IngestAgainAsync"/>): the rows of every table the bulk ingest filled, as the
    /// whole run left them, sent again by binary COPY into empty copies of those tables with their indexes, with the API
    /// stopped and autovacuum idle. Over the claims the run recorded (bulk, single POSTs, probes), beside the raw batched
    /// INSERT: what an ingest whose projections keep pace with it could reach at best on this server. The tables also hold
    /// what the lifecycle phase added (revisions, contestations, retractions), so this floor is a little lower than the bulk
    /// ingest's own.
    /// </summary>
    private async Task IngestFloorAsync(string scratch)
    {
        if (_bulkWrites is null || _results["bulkIngest"] is not JsonObject bulk) return;
        var quiet = await AutovacuumIdleAsync();
        var tables = await _db.IngestedTablesAsync(_bulkWrites);
        var claims = _corpus.Bulk.Count + _corpus.SinglePosts.Count + _corpus.Probes.Count;
        logger.LogInformation("The ingest's floor: the rows of the {Tables} tables the bulk ingest filled, sent again by COPY ({Waited:N0} s of autovacuum waited out)",
            tables.Count, quiet.TotalSeconds);
        TimeSpan elapsed;
        IReadOnlyList<(string Table, string File, long Bytes)> files;
        long rows;
        try
        {
            (files, rows) = await _db.ExportForIngestAsync(tables, scratch);
            var cpu = _cpu.Read();
            elapsed = await _db.IngestAgainAsync(files, Environment.ProcessorCount);
            Cpu("ingestFloor", cpu, claims, elapsed);
        }
        finally
        {
            await _db.DropIngestAsync(scratch);
        }
        var claimsPerSecond = claims / elapsed.TotalSeconds;
        bulk["floorClaimsPerSecond"] = R(claimsPerSecond);
        bulk["floorRatio"] = R(claimsPerSecond / bulk["rawInsertRowsPerSecond"]!.GetValue<double>(), 3);
        bulk["floorSeconds"] = R(elapsed.TotalSeconds, 2);
        bulk["floorClaims"] = claims;
        bulk["floorRows"] = rows;
        bulk["floorCopyBytes"] = files.Sum(f => f.Bytes);
        bulk["floorConnections"] = Environment.ProcessorCount;
        bulk["floorTables"] = new JsonArray([.. tables.Order(StringComparer.Ordinal).Select(t => (JsonNode)t)]);
        logger.LogInformation("  {Rate:N0} claims/s ({Seconds:N1} s, {Rows:N0} rows)", claimsPerSecond, elapsed.TotalSeconds, rows);
    }

    /// <summary>Waits (at most five minutes) until no autovacuum worker is at work; returns how long that took.</summary>
    private async Task<TimeSpan> AutovacuumIdleAsync()
    {
        var quiet = Stopwatch.StartNew();
        do await Task.Delay(1000);
        while ((await _db.AutovacuumWorkAsync()).Count > 0 && quiet.Elapsed < TimeSpan.FromMinutes(5));
        return quiet.Elapsed;
    }

    /// <summary>
    /// The least the database could take with these read models: as it stands, with the rebuilt ones as a fresh copy of
    /// them took (<paramref name="fresh"/> bytes against <paramref name="standing"/>), beside the events table.
    /// </summary>
    private async Task StorageFloorAsync(long fresh, long standing)
    {
        var events = await _db.EventCountAsync();
        var (database, eventsTable) = await _db.SizesAsync();
        var floor = (double)(database - standing + fresh) / events;
        var storage = (JsonObject?)_details["storage"] ?? (JsonObject)(_details["storage"] = new JsonObject());
        storage["floorBytesPerEvent"] = R(floor, 1);
        storage["floorRatio"] = R(floor / ((double)eventsTable / events), 2);
        storage["floorReadModelBytes"] = fresh;
        storage["readModelBytesAfterRebuild"] = standing;
    }

    // ---- helpers ----

    private async Task<EmbeddedPostgresServer> EnableStatStatementsAsync(EmbeddedPostgresServer server, string dataDirectory)
    {
        var db = new Database(server.ConnectionString);
        await db.ExecuteAsync("alter system set shared_preload_libraries = 'pg_stat_statements'");
        await server.StopAsync();
        server = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dataDirectory }, logger);
        await new Database(server.ConnectionString).ExecuteAsync("create extension if not exists pg_stat_statements");
        return server;
    }

    private async Task StatementsAsync(string phase)
    {
        if (!options.StatStatements) return;
        var statements = (JsonObject?)_details["topStatements"] ?? (JsonObject)(_details["topStatements"] = new JsonObject());
        statements[phase] = new JsonArray([.. await _db.TopStatementsAsync(12)]);
        await _db.ExecuteAsync("select pg_stat_statements_reset()");
    }

    private string ApiAssembly()
    {
        if (options.ApiAssembly is { } given) return Path.GetFullPath(given);
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        return Path.Combine(RepositoryRoot(), "src", "ClaimsLedger.Api", "bin", configuration, "net10.0", "ClaimsLedger.Api.dll");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Run the harness from its build in the repository.");
    }

    /// <summary>The stored body of the event a recording appends, near enough: what the raw INSERTs write instead.</summary>
    private string EventPayload(ClaimRecording r)
    {
        var evidence = r.Evidence.DeepClone().AsObject();
        evidence["independenceKey"] = "outlet 00";
        var data = r.Claim.Object(r.Evidence);
        data["claimId"] = "clm-" + Convert.ToHexStringLower(BitConverter.GetBytes(r.Claim.Number)).PadRight(24, '0');
        data["quantity"] = null;
        data["evidence"] = evidence;
        data["origin"] = "analyst:" + Api.Actor;
        data["status"] = "recorded";
        data["actor"] = Api.Actor;
        return data.ToJsonString();
    }

    /// <summary>
    /// Samples PostgreSQL's autovacuum workers every 250 ms until cancelled: reads right after 200,000 writes share the two
    /// cores with autovacuum on the fresh tables, which the CPU figures (every PostgreSQL process) cannot tell apart.
    /// </summary>
    private async Task<(int Samples, int Busy, SortedSet<string> Work)> WatchAutovacuumAsync(CancellationToken stop)
    {
        var (samples, busy, work) = (0, 0, new SortedSet<string>(StringComparer.Ordinal));
        while (!stop.IsCancellationRequested)
        {
            var now = await _db.AutovacuumWorkAsync();
            samples++;
            if (now.Count > 0) busy++;
            work.UnionWith(now.Select(q => q.Replace("autovacuum: ", "", StringComparison.Ordinal)));
            try { await Task.Delay(250, stop); } catch (OperationCanceledException) { break; }
        }
        return (samples, busy, work);
    }

    private void AutovacuumDuring(string phase, (int Samples, int Busy, SortedSet<string> Work) seen)
    {
        var during = (JsonObject?)_details["autovacuumDuring"] ?? (JsonObject)(_details["autovacuumDuring"] = new JsonObject());
        during[phase] = new JsonObject
        {
            ["busyFraction"] = R((double)seen.Busy / Math.Max(1, seen.Samples), 2), ["work"] = new JsonArray([.. seen.Work.Select(w => (JsonNode)w)]),
        };
        if (seen.Busy > 0)
            logger.LogInformation("  autovacuum busy in {Busy} of {Samples} samples: {Work}", seen.Busy, seen.Samples, string.Join("; ", seen.Work));
    }

    private void Cpu(string phase, CpuSample before, long items, TimeSpan elapsed)
    {
        var cpu = (JsonObject?)_details["cpu"] ?? (JsonObject)(_details["cpu"] = new JsonObject());
        var spent = _cpu.Read().Minus(before).PerItem(Math.Max(1, items), elapsed.TotalSeconds);
        // Which phase drives the API's peak memory: its resident set when the phase ends, and the highest so far.
        if (_apiProcess is { } api)
        {
            spent["apiRssMbAtEnd"] = Math.Round(api.RssMb, 1);
            spent["apiPeakRssMbSoFar"] = Math.Round(api.PeakRssMb, 1);
        }
        if (_probe.Summary(before.At) is { } probe) spent["speedProbe"] = probe;
        cpu[phase] = spent;
    }

    /// <summary>
    /// What a phase made PostgreSQL write, per item (<see cref="WriteSample"/>): <c>details.writes.&lt;phase&gt;</c>. Read as
    /// the phase ends, so the counts of its last second or so may only be published during the next one (the catch-up after
    /// it); the whole of the writes (<c>allWrites</c>) is read once the ledger has been quiet long enough for every count.
    /// </summary>
    private async Task WrittenAsync(string phase, WriteSample before, long items) => Written(phase, (await _db.WritesAsync()).Minus(before), items);

    private void Written(string phase, WriteSample written, long items)
    {
        var writes = (JsonObject?)_details["writes"] ?? (JsonObject)(_details["writes"] = new JsonObject());
        writes[phase] = written.PerItem(Math.Max(1, items));
    }

    /// <summary>
    /// Waits for the async alignment projection to process every event so far. Nothing else runs meanwhile, so the CPU
    /// spent here per event is the projection's own cost (the share of the write phases' CPU that belongs to it).
    /// </summary>
    private async Task CatchUpAsync(string when)
    {
        var written = await _db.WritesAsync();
        var cpu = _cpu.Read();
        var from = await _db.AlignmentProgressAsync();
        var elapsed = await _db.WaitForAlignmentAsync(TimeSpan.FromMinutes(90), logger);
        var events = await _db.AlignmentProgressAsync() - from;
        var caught = (JsonObject?)_details["alignmentCatchUp"] ?? (JsonObject)(_details["alignmentCatchUp"] = new JsonObject());
        caught[when] = new JsonObject
        {
            ["seconds"] = R(elapsed.TotalSeconds, 1), ["positions"] = events,
            ["positionsPerSecond"] = R(events / Math.Max(0.001, elapsed.TotalSeconds), 1),
        };
        if (events > 0)
        {
            Cpu("alignmentCatchUp." + when, cpu, events, elapsed);
            await WrittenAsync("alignmentCatchUp." + when, written, events);
        }
        logger.LogInformation("  the alignment projection caught up {Seconds:N1} s after {When} ({Events:N0} positions)", elapsed.TotalSeconds, when, events);
        // The catch-up's statements under its own name: otherwise the next phase's list starts with the projection's backlog.
        await StatementsAsync("alignmentCatchUp." + when);
        await CheckpointAsync();
    }

    /// <summary>
    /// Waits for every async projection (Contradictions, the audit chain, the webhook relays) to take up the writes, so the
    /// reads are measured on a quiet ledger rather than beside a projection still working through the lifecycle phase.
    /// </summary>
    private async Task QuietAsync()
    {
        var elapsed = await _db.WaitForEveryProjectionAsync(TimeSpan.FromMinutes(90), logger);
        _details["quietAfter"] = new JsonObject
        {
            ["seconds"] = R(elapsed.TotalSeconds, 1),
            ["apiRssMbAtEnd"] = R(_apiProcess?.RssMb ?? 0, 1), ["apiPeakRssMbSoFar"] = R(_apiProcess?.PeakRssMb ?? 0, 1),
        };
        logger.LogInformation("  every async projection caught up {Seconds:N1} s later", elapsed.TotalSeconds);
    }

    /// <summary>
    /// Leaves the ledger quiet for <c>--settle-seconds</c> before the reads. In the forty-sixth round the reads of full runs
    /// had a longer tail than the same reads on a kept ledger, and two minutes of quiet shortened it, only partly (as-of p99
    /// 33 → 27 ms against ~20 with the reads alone); this measures the reads after such a quiet, on purpose and on the record.
    /// </summary>
    private async Task SettleAsync()
    {
        if (options.SettleSeconds <= 0) return;
        logger.LogInformation("Settling: {Seconds} s without requests before the reads", options.SettleSeconds);
        _details["settleSeconds"] = options.SettleSeconds;
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
    }

    /// <summary><c>--vacuum-before-reads</c>: VACUUM (ANALYZE) over the whole ledger, timed, before the first read.</summary>
    private async Task VacuumBeforeReadsAsync()
    {
        if (!options.VacuumBeforeReads) return;
        logger.LogInformation("VACUUM (ANALYZE) before the reads");
        var watch = Stopwatch.StartNew();
        await _db.ExecuteAsync("vacuum (analyze)");
        _details["vacuumBeforeReadsSeconds"] = R(watch.Elapsed.TotalSeconds, 1);
        logger.LogInformation("  done in {Seconds:N1} s", watch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The largest tables as the reads begin: how much of each the visibility map marks all visible (index-only scans skip
    /// the heap only there) and the rows inserted or dead since autovacuum last came, which decide when it comes next.
    /// </summary>
    private async Task<JsonArray> TablesAtReadsAsync() => new([.. await _db.ListAsync(
        "select c.relname, c.relpages, c.relallvisible, s.n_ins_since_vacuum, s.n_dead_tup, greatest(s.last_autovacuum, s.last_vacuum) " +
        "from pg_class c join pg_stat_user_tables s on s.relid = c.oid " +
        $"where s.schemaname = '{Database.Schema}' order by pg_total_relation_size(c.oid) desc limit 10",
        r => (JsonNode)new JsonObject
        {
            ["table"] = r.GetString(0), ["pages"] = r.GetInt32(1), ["allVisiblePages"] = r.GetInt32(2),
            ["insertedSinceVacuum"] = r.GetInt64(3), ["deadRows"] = r.GetInt64(4),
            ["lastVacuum"] = r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Inv),
        })]);

    /// <summary>One read kind's latencies, each with the time its request ended (<c>--latency-samples</c>).</summary>
    private async Task WriteSamplesAsync(string name, Latencies latencies)
    {
        if (options.LatencySamplesDirectory is not { } directory) return;
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(Path.Combine(directory, name + ".tsv"),
            latencies.Timed.Select(s => string.Create(Inv, $"{s.EndedAt:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}\t{s.Milliseconds:F2}")));
    }

    /// <summary>Writes what has been measured so far, so a run cut short still leaves its numbers.</summary>
    private async Task CheckpointAsync()
    {
        if (options.JsonPath is not { } path) return;
        var partial = Ordered();
        partial["details"] = _details.DeepClone();
        partial["complete"] = false;
        await File.WriteAllTextAsync(path, partial.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static void Fail(LoadResult result, string what)
    {
        if (result.Failures > 0)
            throw new InvalidOperationException($"{what}: {result.Failures} of {result.Requests} requests failed, e.g. {string.Join(" | ", result.FirstFailures)}");
    }

    private static JsonObject Summary(LoadResult r) => new()
    {
        ["requests"] = r.Requests, ["perSecond"] = R(r.PerSecond, 1), ["p50Ms"] = R(r.P50, 2), ["p99Ms"] = R(r.P99, 2), ["seconds"] = R(r.Elapsed.TotalSeconds, 1),
    };

    private static double R(double value, int digits = 0) => double.IsFinite(value) ? Math.Round(value, digits) : -1;

    private static JsonObject Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memKb = File.Exists("/proc/meminfo")
            ? long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv)
            : 0;
        return new JsonObject
        {
            ["cores"] = Environment.ProcessorCount, ["ramGb"] = Math.Round(memKb / 1024.0 / 1024.0, 1), ["cpu"] = cpu,
            ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription, ["dotnet"] = Environment.Version.ToString(),
            ["loadAverageAtStart"] = LoadAverage(),
        };
    }

    private static string? LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : null;

    /// <summary>The result document with its sections in a fixed order.</summary>
    private JsonObject Ordered()
    {
        var ordered = new JsonObject();
        foreach (var key in new[] { "machine", "events", "date", "bulkIngest", "singlePost", "visibility", "rebuild", "reads",
                     "storageBytesPerEvent", "eventsTableBytesPerEvent", "peakRssMb", "details" })
            if (_results[key] is { } node) ordered[key] = node.DeepClone();
        return ordered;
    }
}

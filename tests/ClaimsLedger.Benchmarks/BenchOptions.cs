using System.Globalization;

namespace ClaimsLedger.Benchmarks;

/// <summary>The harness's command line. Everything has a default; <c>--events 20000</c> is the quick mode.</summary>
public sealed record BenchOptions
{
    public int Events { get; init; } = 20_000;
    public string? JsonPath { get; init; }
    public int BatchSize { get; init; } = 500;
    public int BulkClients { get; init; } = 2;
    public int Clients { get; init; } = 16;
    public double ReadSeconds { get; init; }
    public double WarmUpSeconds { get; init; } = 5;

    /// <summary>Seconds of quiet between the last write and the first read (0: none, as every run before the forty-sixth round).</summary>
    public double SettleSeconds { get; init; }

    /// <summary>Where each read kind's latencies go, one line a request with the time it ended (null: nowhere).</summary>
    public string? LatencySamplesDirectory { get; init; }

    /// <summary>Run VACUUM (ANALYZE) over the ledger after the settle, before the reads: what a kept ledger's reads find done.</summary>
    public bool VacuumBeforeReads { get; init; }
    public int Seed { get; init; } = 11;
    public string? DataDirectory { get; init; }
    public string? ApiAssembly { get; init; }
    public bool Keep { get; init; }
    public bool StatStatements { get; init; }
    public bool SkipRebuild { get; init; }

    /// <summary>Measure the reads (and storage, and the rebuild unless skipped) of the ledger already in <see cref="DataDirectory"/>, writing nothing.</summary>
    public bool ReadsOnly { get; init; }

    /// <summary>Environment variables for the API's process alone (runtime settings under trial), not the harness's own.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ApiEnvironment { get; init; } = [];

    public bool Quick => Events <= 50_000;

    /// <summary>How long each read kind is driven: long enough for stable percentiles, short enough for a quick run.</summary>
    public TimeSpan ReadDuration => TimeSpan.FromSeconds(ReadSeconds > 0 ? ReadSeconds : Quick ? 8 : 20);

    /// <summary>
    /// How long each read kind is driven, unmeasured, before its measured run: the API's JIT promotes the read's code to
    /// optimized code only after it has run a while, and the first seconds of every new kind were
    /// up to twice as slow (as-of alignments at 20k: 734, 857, then 1,366 req/s over three 8 s runs).
    /// </summary>
    public TimeSpan WarmUp => TimeSpan.FromSeconds(WarmUpSeconds);

    public const string Usage = """
        ClaimsLedger benchmark harness: starts an embedded PostgreSQL and the API (Release build) as a child process, generates a
        corpus and measures bulk ingest, single POSTs, alignment visibility, reads, storage and a full projection rebuild.

          dotnet run -c Release --project tests/ClaimsLedger.Benchmarks -- [options]

          --events N          events in the generated ledger (default 20000: the quick mode; 200000: the full run)
          --json PATH         write the results as JSON
          --batch-size N      claims per POST /api/claims/batch (default 500, at most 1000)
          --bulk-clients N    concurrent batch senders, and raw INSERT writers (default 2)
          --clients N         concurrent clients for single POSTs, raw commits and reads (default 16)
          --read-seconds S    how long each read kind is driven (default 8 quick, 20 full)
          --warm-up-seconds S how long each read kind is driven, unmeasured, before that (default 5; 0: none)
          --settle-seconds S  after the writes, wait S seconds before the reads (default 0): reads right after 200,000
                              writes had a longer tail, which two minutes of quiet shortened in part
          --latency-samples DIR  write each read kind's latencies to DIR/<kind>.tsv, one line a request: when it ended
                              (UTC) and how long it took, to see when in a run the slow ones came
          --vacuum-before-reads  run VACUUM (ANALYZE) over the ledger before the reads (after any settle), to compare the
                              reads right after the writes with reads on vacuumed tables, as a kept ledger's are
          --seed N            corpus seed (default 11)
          --data-dir PATH     where the embedded PostgreSQL lives (default: a fresh temp folder, removed afterwards)
          --api PATH          the API assembly (default: src/ClaimsLedger.Api/bin/<configuration>/net10.0/ClaimsLedger.Api.dll)
          --api-env KEY=VALUE an environment variable for the API's process only, e.g. DOTNET_GCHeapHardLimit=0xD000000
                              (repeatable; recorded in the JSON's machine section). The API always gets its launch
                              profile's environment (src/ClaimsLedger.Api/Properties/launchSettings.json) first
          --keep              keep the data folder (and print how to reach it)
          --pg-stat-statements  restart PostgreSQL with pg_stat_statements and print the statements that took the most time
          --skip-rebuild      leave out the rebuild measurement
          --reads-only        with --data-dir of a kept run: write nothing, wait for the projections, measure the reads and
                              storage (and the rebuild unless skipped) of the ledger there; for builds compared on one ledger,
                              and for ledgers that take hours to write
          --table PATH        only print the Markdown table of a saved --json result (nothing is run)
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--events" => o with { Events = Int() },
                "--json" => o with { JsonPath = Next() },
                "--batch-size" => o with { BatchSize = Int() },
                "--bulk-clients" => o with { BulkClients = Int() },
                "--clients" => o with { Clients = Int() },
                "--read-seconds" => o with { ReadSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warm-up-seconds" => o with { WarmUpSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--settle-seconds" => o with { SettleSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--latency-samples" => o with { LatencySamplesDirectory = Next() },
                "--vacuum-before-reads" => o with { VacuumBeforeReads = true },
                "--seed" => o with { Seed = Int() },
                "--data-dir" => o with { DataDirectory = Next() },
                "--api" => o with { ApiAssembly = Next() },
                "--api-env" => o with { ApiEnvironment = [.. o.ApiEnvironment, Setting(Next())] },
                "--keep" => o with { Keep = true },
                "--pg-stat-statements" => o with { StatStatements = true },
                "--skip-rebuild" => o with { SkipRebuild = true },
                "--reads-only" => o with { ReadsOnly = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}."),
            };
        }
        if (o.ReadsOnly && o.DataDirectory is null) throw new ArgumentException("--reads-only needs --data-dir: the folder of a kept run.");
        if (o.SettleSeconds < 0 || o.WarmUpSeconds < 0) throw new ArgumentException("--settle-seconds and --warm-up-seconds cannot be negative.");
        if (o.Events < 2_000) throw new ArgumentException("--events must be at least 2000.");
        if (o.BatchSize is < 1 or > 1000) throw new ArgumentException("--batch-size must be 1 to 1000.");
        if (o.Clients < 1 || o.BulkClients < 1) throw new ArgumentException("--clients and --bulk-clients must be at least 1.");
        return o;
    }

    private static KeyValuePair<string, string> Setting(string text) => text.IndexOf('=') is > 0 and var at
        ? new(text[..at], text[(at + 1)..])
        : throw new ArgumentException($"--api-env needs KEY=VALUE, not {text}.");
}

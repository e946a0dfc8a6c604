namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// The server settings the ledger is tuned or sized for besides durability, as <c>name=value</c>: the embedded server starts with
/// them, and docker-compose.yml gives its PostgreSQL the same (a test holds the two together). A server of your own should
/// run them too (README, "Configuration").
/// </summary>
public static class ServerTuning
{
    public static readonly IReadOnlyList<string> Autovacuum =
    [
        // Autovacuum looks every 10 s, not every minute: the ledger's pages and counts are index-only scans, which stay cheap
        // only while the visibility map keeps up with the writes.
        "autovacuum_naptime=10",
        // And works five times as fast as PostgreSQL's default allows (a cost limit of 200 every 2 ms): after the benchmark's
        // 200,000 events its runs over the big projection tables took up to 62 s each and went on through the reads that
        // followed (as-of p99 ~500-600 ms); at 1000 they took 1-9 s and were done first.
        "autovacuum_vacuum_cost_limit=1000",
        // Each autovacuum run that took a second or more, with what it did, in the server's log: vacuums of the big projection
        // tables compete with reads for the two cores this was tuned on.
        "log_autovacuum_min_duration=1000",
    ];

    public static readonly IReadOnlyList<string> Planner =
    [
        // An index lookup priced as what it costs when the pages are in memory, not as a disk seek (PostgreSQL's default of 4
        // assumes spinning disks; 1.1 is the usual setting for SSDs and cached data). At the default, the async daemon's page
        // of 500 events joined Marten's streams table by hashing all of it (every stream of the ledger read for each page:
        // 16 ms at 20,000 events); priced this way it looks up the page's 500 streams by key (1 ms).
        "random_page_cost=1.1",
    ];

    public static readonly IReadOnlyList<string> Storage =
    [
        // Values too long for their row's 2 KB compressed with LZ4 rather than PostgreSQL's own pglz: every claim's row (its
        // document and its served JSON, ~2.5 KB together) is compressed as it is written and decompressed as a page of claims
        // is read. A batch's 500 claim rows took 30 ms to write with pglz and 20 ms with LZ4 (a 20k ledger, in one
        // statement as the bulk load writes them), for rows ~4 % larger. Values written before stay as they were written.
        "default_toast_compression=lz4",
    ];

    public static readonly IReadOnlyList<string> Locks =
    [
        // Room in the shared lock table (this many a connection, shared by all transactions) for the advisory locks a batch of
        // claims holds while it writes, one a claim (ClaimStreamsForWriting): at the default of 64, a few batches of 1,000 at
        // once would fill it, and every transaction needing a lock then fails with 53200. 256 holds ~50,000 locks at the
        // embedded server's 200 connections, for 16 MB more shared memory (148 → 164 MB; 9 MB at 100 connections). Takes
        // effect at the server's start.
        "max_locks_per_transaction=256",
    ];

    /// <summary>
    /// The server process's environment (glibc's, not PostgreSQL's settings): a backend keeps up to 4 MB freed at the top of
    /// its heap, and takes allocations up to 4 MB from that heap, instead of handing memory back to the kernel after a
    /// statement that freed more than 128 KB and asking for it again in the next. glibc raises those thresholds by itself
    /// only after a backend once frees a block larger than them, so a backend that never did paid the kernel (brk, page
    /// faults, TLB flushes) on every such statement: claim pages through the API on the kept 200k ledger, 16 clients, made
    /// ~1.1 brk calls a page, and cost 0.85–0.90 ms of PostgreSQL CPU a page against 0.60–0.72 with these (four runs of each,
    /// alternated; README "Benchmarks"). A backend holds at most 4 MB more than it uses. Other C libraries (musl) ignore them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["MALLOC_TRIM_THRESHOLD_"] = "4194304",
        ["MALLOC_MMAP_THRESHOLD_"] = "4194304",
    };

    /// <summary>Every setting above but the environment, as the embedded server and docker-compose.yml's PostgreSQL start with them.</summary>
    public static IReadOnlyList<string> All => [.. Autovacuum, .. Planner, .. Storage, .. Locks];
}

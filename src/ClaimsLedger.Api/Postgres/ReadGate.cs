using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// At most <see cref="ReadOptions.MaxConcurrent"/> of the reads served thousands of times a second (claim pages, as-of
/// alignments) run in PostgreSQL at once; the others wait in the API, in order. Each is a short statement that is all CPU:
/// sixteen at once on two cores gave the same throughput as a few, but each server process was preempted by the others
/// for tens of milliseconds at a time (claim pages on the kept 200k ledger with 16 clients: p50 4 ms, p99 50–62 ms; with
/// the statements' connections limited to a few, p99 11–17 ms at the same rate).
/// </summary>
public sealed class ReadGate(LedgerOptions options) : Gate(options.Reads.MaxConcurrent);

/// <summary><c>ClaimsLedger:Reads</c>.</summary>
public sealed class ReadOptions
{
    /// <summary>How many hot reads run in PostgreSQL at once (1–256); further requests wait. Default: twice the processors.</summary>
    public int MaxConcurrent { get; set; } = 2 * Environment.ProcessorCount;
}

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

/// <summary>
/// At most <see cref="ReadOptions.MaxConcurrentWholeSubject"/> of the reads that cost a subject's whole history or every
/// contribution rather than a page run at once: an alignment by a valid-time window or a publication cut-off, its
/// contributions by a cut-off, a history by a cut-off, a diff. Each takes from tens of milliseconds to seconds of CPU for a busy subject; their
/// own gate keeps a burst of them from holding the hot reads' turns (<see cref="ReadGate"/>) and bounds the memory they
/// hold together.
/// </summary>
public sealed class WholeSubjectReadGate(LedgerOptions options) : Gate(options.Reads.MaxConcurrentWholeSubject);

/// <summary><c>ClaimsLedger:Reads</c>.</summary>
public sealed class ReadOptions
{
    /// <summary>How many hot reads run in PostgreSQL at once (1–256); further requests wait. Default: twice the processors.</summary>
    public int MaxConcurrent { get; set; } = 2 * Environment.ProcessorCount;

    /// <summary>How many reads of a subject's whole history or every contribution run at once (1–64); further requests wait. Default: the processors.</summary>
    public int MaxConcurrentWholeSubject { get; set; } = Environment.ProcessorCount;
}

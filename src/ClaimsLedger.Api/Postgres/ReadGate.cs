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
    /// <summary>
    /// How many hot reads run in PostgreSQL at once (1–256); further requests wait. Default: one more than the processors. Each
    /// read is all CPU, so one a core keeps the cores busy and one more covers the moments the API takes between a read's
    /// answer and the next read's statement; any more only take turns on the cores with each other. On two cores with 16
    /// clients, twice the processors (4) read ~5 % more claim pages a second than 3 at a p99 of 23–27 ms against 20–21 ms,
    /// and as-of alignments at 20.6–20.7 ms against 18.7–19.3 ms; 2 had p99 18–19 ms at a seventh fewer reads a second.
    /// </summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount + 1;

    /// <summary>How many reads of a subject's whole history or every contribution run at once (1–64); further requests wait. Default: the processors.</summary>
    public int MaxConcurrentWholeSubject { get; set; } = Environment.ProcessorCount;
}

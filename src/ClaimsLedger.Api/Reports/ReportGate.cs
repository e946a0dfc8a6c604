using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Http;

namespace ClaimsLedger.Api.Reports;

/// <summary>
/// At most <see cref="ReportOptions.MaxConcurrent"/> reports are built at once; the others wait their turn (and give up when
/// their caller does). A report with a valid-time window or a publication cut-off reads every contribution of its subjects:
/// at 200,000 events one such report of the hot subject holds about a hundred megabytes while it is built, and sixteen at
/// once took the API past 1.9 GB. The reports are CPU-bound, so waiting costs them no throughput.
/// </summary>
public sealed class ReportGate(LedgerOptions options) : Gate(options.Reports.MaxConcurrent);

/// <summary><c>ClaimsLedger:Reports</c>.</summary>
public sealed class ReportOptions
{
    /// <summary>How many reports the API builds at once (1–64); further requests wait.</summary>
    public int MaxConcurrent { get; set; } = 2;
}

namespace ClaimsLedger.Api.Reports;

// The one report model every format renders. It holds only values read from the store as of one instant,
// already ordered and rounded, so a renderer has nothing left to decide that could differ between runs.

/// <summary>
/// An alignment report: what the ledger held at <see cref="AsOf"/>, up to event <see cref="LastSequence"/>, counting only evidence
/// published by <see cref="PublishedBy"/> when one is given.
/// </summary>
public sealed record AlignmentReport(
    DateTimeOffset AsOf,
    long LastSequence,
    string? ValidFrom,
    string? ValidTo,
    string? PublishedBy,
    string ClaimSelection,
    IReadOnlyList<SubjectReport> Subjects)
{
    /// <summary>How many of the heaviest contributions decide which claims are listed: a report's size does not grow with the subject.</summary>
    public const int ContributionsListed = 50;

    /// <summary>
    /// Which claims are listed. The scores and the claim count cover every contribution; the list names the claims behind
    /// the heaviest ones, each with everything it contributes, so the report stays readable and bounded.
    /// </summary>
    public static readonly string ListedClaims =
        $"the claims behind the {ContributionsListed} heaviest contributions, each with all it contributes, by weight (sum of absolute contributions) descending, then claim id; scores and claim count cover every contribution";

    /// <summary>The rows of every score table and of the CSV: overall first, then the dimensions in vocabulary order.</summary>
    public static IReadOnlyList<string> Columns => Alignment.ScoreCell.ColumnNames;
}

public sealed record SubjectReport(
    string Subject,
    string Label,
    string? LeadingPower,
    int ClaimCount,
    IReadOnlyList<PowerScore> Scores,
    IReadOnlyList<ReportClaim> Claims,
    IReadOnlyList<ReportSource> Sources,
    IReadOnlyList<RecordTimeSeries> RecordTime,
    IReadOnlyList<ValidTimeSeries> ValidTime);

/// <summary>One power's overall score and its score per dimension (the same cells as GET /api/alignments/{subject}).</summary>
public sealed record PowerScore(string Power, decimal Overall, IReadOnlyList<DimensionScore> Dimensions);

public sealed record DimensionScore(string Dimension, decimal Score);

/// <summary>A claim as the ledger held it at the report's instant, with what it contributes to the subject.</summary>
public sealed record ReportClaim(
    string ClaimId,
    string Statement,
    string Status,
    string? ValidTime,
    double Confidence,
    decimal Weight,
    IReadOnlyList<ReportContribution> Contributions);

public sealed record ReportContribution(string Power, string Dimension, decimal Contribution);

/// <summary>A source behind the listed claims, graded as it was at the report's instant, with every quote taken from it.</summary>
public sealed record ReportSource(
    string SourceId,
    string Title,
    string Carrier,
    string? OriginalPublisher,
    string Published,
    string PublishedPrecision,
    bool PublishedApproximate,
    string Reliability,
    bool Retracted,
    IReadOnlyList<ReportQuote> Quotes);

/// <summary>Where a claim reads the source: [Start, End) in UTF-16 code units, and the exact text there.</summary>
public sealed record ReportQuote(string ClaimId, string Role, int Start, int End, string Quote);

/// <summary>A power's overall score over record time: one point per change of it, oldest first.</summary>
public sealed record RecordTimeSeries(string Power, IReadOnlyList<RecordTimePoint> Points);

public sealed record RecordTimePoint(long Sequence, DateTimeOffset Timestamp, decimal Overall);

/// <summary>A power's total per valid-time year: claims whose valid time overlaps the year, as held at the report's instant.</summary>
public sealed record ValidTimeSeries(string Power, IReadOnlyList<ValidTimePoint> Points);

public sealed record ValidTimePoint(int Year, decimal Total);

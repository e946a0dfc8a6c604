namespace ClaimsLedger.Api.Reports;

// The one report model every format renders. It holds only values read from the store as of one instant,
// already ordered and rounded, so a renderer has nothing left to decide that could differ between runs.

/// <summary>
/// An alignment report: what the ledger held at <see cref="AsOf"/>, up to event <see cref="LastSequence"/>, counting only evidence
/// published by <see cref="PublishedBy"/> when one is given.
/// </summary>
/// <param name="AsOf">The record time the report shows the ledger at (UTC, ISO 8601): the <c>asOf</c> asked for, or the time of the request.</param>
/// <param name="LastSequence">The ledger position of the latest event recorded by <c>asOf</c>; the same parameters give the same report however many events follow.</param>
/// <param name="ValidFrom">The start of the valid-time window asked for, as given; null when unbounded.</param>
/// <param name="ValidTo">The end of the valid-time window asked for, as given; null when unbounded.</param>
/// <param name="PublishedBy">The publication cut-off asked for, as given: only evidence from sources published by then counts; null when none.</param>
/// <param name="ClaimSelection">Which claims each subject lists, in words: those behind the 50 heaviest contributions; scores and claim counts cover every contribution.</param>
/// <param name="Subjects">One section per subject asked for, in the order asked.</param>
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

/// <summary>One subject's section of the report.</summary>
/// <param name="Subject">The country or region.</param>
/// <param name="Label">The label the overall scores earn (README, "Labels"): <c>aligned with CN</c>, <c>leaning RU</c>, <c>drifting RU→CN</c>, <c>multi-vector</c> or <c>no signal</c>.</param>
/// <param name="LeadingPower">The power with the highest positive overall score; null with no signal.</param>
/// <param name="ClaimCount">How many claims in force contribute to the scores.</param>
/// <param name="Scores">Each power's scores, highest overall first.</param>
/// <param name="Claims">The listed claims (see <c>claimSelection</c>), heaviest first.</param>
/// <param name="Sources">The sources the listed claims cite, by id, graded as they were at <c>asOf</c>.</param>
/// <param name="RecordTime">Each power's overall score over record time, for the first chart.</param>
/// <param name="ValidTime">Each power's total per valid-time year (at most the latest 60 years), for the second chart; empty when no claim has a valid time.</param>
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
/// <param name="Power">The power.</param>
/// <param name="Overall">The power's overall score: the sum of all its contributions, 4 decimals at most; positive toward, negative away.</param>
/// <param name="Dimensions">The score along each dimension, in vocabulary order (economic first), zero where nothing contributes.</param>
public sealed record PowerScore(string Power, decimal Overall, IReadOnlyList<DimensionScore> Dimensions);

/// <summary>A power's score along one dimension.</summary>
/// <param name="Dimension">The dimension (lower case).</param>
/// <param name="Score">The sum of the contributions along it, 4 decimals at most.</param>
public sealed record DimensionScore(string Dimension, decimal Score);

/// <summary>A claim as the ledger held it at the report's instant, with what it contributes to the subject.</summary>
/// <param name="ClaimId">The claim (GET /api/claims/{id}).</param>
/// <param name="Statement">The claim's statement.</param>
/// <param name="Status">The claim's status at the report's instant (lower case, as ClaimStatus): <c>recorded</c> or <c>accepted</c>, since only claims in force contribute.</param>
/// <param name="ValidTime">When the claim holds; null when not tied to a time.</param>
/// <param name="Confidence">The claim's confidence at the report's instant, from 0 to 1.</param>
/// <param name="Weight">The sum of the absolute values of its contributions: what the listing is ordered by.</param>
/// <param name="Contributions">Everything the claim contributes to the subject, by power then dimension.</param>
public sealed record ReportClaim(
    string ClaimId,
    string Statement,
    string Status,
    string? ValidTime,
    double Confidence,
    decimal Weight,
    IReadOnlyList<ReportContribution> Contributions);

/// <summary>One contribution of a listed claim.</summary>
/// <param name="Power">The power whose score it moves.</param>
/// <param name="Dimension">The dimension it moves (lower case); it moves the overall score too.</param>
/// <param name="Contribution">The signed amount, 4 decimals at most: positive toward the power, negative away.</param>
public sealed record ReportContribution(string Power, string Dimension, decimal Contribution);

/// <summary>A source behind the listed claims, graded as it was at the report's instant, with every quote taken from it.</summary>
/// <param name="SourceId">The source (GET /api/sources/{id}).</param>
/// <param name="Title">The document's title.</param>
/// <param name="Carrier">Who published this copy.</param>
/// <param name="OriginalPublisher">Who first published the text, for a syndicated copy; null otherwise.</param>
/// <param name="Published">When the document was published, as registered.</param>
/// <param name="PublishedPrecision">How precisely: <c>year</c>, <c>month</c>, <c>day</c> or <c>instant</c>.</param>
/// <param name="PublishedApproximate">True when the publication date is an estimate.</param>
/// <param name="Reliability">The Admiralty grade (<c>A</c> to <c>F</c>) at the report's instant, or <c>ungraded</c>.</param>
/// <param name="Retracted">True when the source had been withdrawn by the report's instant.</param>
/// <param name="Quotes">Every passage the listed claims take from it, by claim then offset.</param>
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
/// <param name="ClaimId">The claim that cites the passage.</param>
/// <param name="Role"><c>extracted</c> (the claim's first evidence), <c>corroborated</c> (added later) or <c>contested</c> (evidence against it).</param>
/// <param name="Start">Offset of the quote's first character, in UTF-16 code units from 0.</param>
/// <param name="End">Offset just past the quote's last character (exclusive).</param>
/// <param name="Quote">The source's text at [start, end).</param>
public sealed record ReportQuote(string ClaimId, string Role, int Start, int End, string Quote);

/// <summary>
/// A power's overall score over record time, oldest first: one point per change of it among the snapshots and the changes
/// since the last one, at most 100, evenly spread over a longer history.
/// </summary>
/// <param name="Power">The power.</param>
/// <param name="Points">The score after those changes, oldest first (at most 100); the last equals the overall score shown.</param>
public sealed record RecordTimeSeries(string Power, IReadOnlyList<RecordTimePoint> Points);

/// <summary>A power's overall score after one change.</summary>
/// <param name="Sequence">The ledger position of the change.</param>
/// <param name="Timestamp">When the ledger recorded it (UTC, ISO 8601).</param>
/// <param name="Overall">The power's overall score from then on, 4 decimals at most.</param>
public sealed record RecordTimePoint(long Sequence, DateTimeOffset Timestamp, decimal Overall);

/// <summary>A power's total per valid-time year: claims whose valid time overlaps the year, as held at the report's instant.</summary>
/// <param name="Power">The power.</param>
/// <param name="Points">One point per year, oldest first, with no gaps.</param>
public sealed record ValidTimeSeries(string Power, IReadOnlyList<ValidTimePoint> Points);

/// <summary>A power's total for one valid-time year.</summary>
/// <param name="Year">The calendar year.</param>
/// <param name="Total">The sum of the contributions of claims whose valid time overlaps the year (a range counts in each of its years), 4 decimals at most.</param>
public sealed record ValidTimePoint(int Year, decimal Total);

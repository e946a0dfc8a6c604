namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The current alignment of one subject (GET /api/alignments/{subject}): its score cells and label, kept by
/// <see cref="AlignmentProjection"/>. Its size does not grow with the subject's claims: the contributions themselves
/// are rows of their own (<see cref="ContributionSpan"/>), read a page or the top few at a time.
/// </summary>
public sealed class SubjectAlignment
{
    /// <summary>Written setwise (<see cref="Postgres.SetUpsert{T}"/>): a replay's save rewrites a few dozen subjects, each once.</summary>
    public static readonly Postgres.SetUpsert<SubjectAlignment> Rows = new(a => a.Id);

    public string Id { get; set; } = "";
    public string Label { get; set; } = "no signal";
    public string? LeadingPower { get; set; }
    public AlignmentCells Cells { get; set; } = new();

    /// <summary>Copied out of <see cref="Cells"/> so the list of alignments can filter on it in SQL.</summary>
    public int ClaimCount { get; set; }

    public long LastSequence { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }

    /// <summary>How many recorded changes this subject has had; every <see cref="AlignmentSnapshot.Interval"/>th is also snapshotted.</summary>
    public long ChangeCount { get; set; }

    /// <summary>How many of those changes moved a score: the number of the last entry of its history (<see cref="AlignmentChange.Entry"/>).</summary>
    public long HistoryCount { get; set; }

    /// <summary>Re-derives what follows from the cells, once per batch.</summary>
    public void Normalize()
    {
        (Label, LeadingPower) = Cells.Label();
        ClaimCount = Cells.ClaimCount;
    }
}

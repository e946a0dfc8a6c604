using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The current alignment of one subject (GET /api/alignments/{subject}): one document per subject, kept by
/// <see cref="AlignmentProjection"/>, so a read is one primary-key lookup and never folds events.
/// </summary>
public sealed class SubjectAlignment
{
    public string Id { get; set; } = "";
    public string Label { get; set; } = "no signal";
    public string? LeadingPower { get; set; }
    public int ClaimCount { get; set; }
    public List<ClaimContribution> Contributions { get; set; } = [];
    public long LastSequence { get; set; }
    public DateTimeOffset LastChangedAt { get; set; }

    /// <summary>How many recorded changes this subject has had; every <see cref="AlignmentSnapshot.Interval"/>th is also snapshotted.</summary>
    public long ChangeCount { get; set; }

    // While the projection works on a batch, contributions are indexed by claim and every score cell is kept
    // as a running total, so an event costs what it touches, not the size of the subject; the stored list,
    // label and count are re-derived once per batch (Normalize).
    private Dictionary<string, List<ClaimContribution>>? _byClaim;
    private Dictionary<ScoreCell, decimal>? _cells;

    private Dictionary<string, List<ClaimContribution>> ByClaim => _byClaim ??= Index();

    public IReadOnlyList<ClaimContribution> ContributionsOf(string claimId) => ByClaim.GetValueOrDefault(claimId) ?? [];

    /// <summary>The score one cell shows now.</summary>
    public decimal Cell(ScoreCell cell)
    {
        _ = ByClaim;
        return _cells!.GetValueOrDefault(cell);
    }

    /// <summary>Replaces one claim's contributions, keeping every cell total exact.</summary>
    public void Replace(string claimId, IEnumerable<ClaimContribution> contributions)
    {
        var next = contributions.ToList();
        foreach (var c in ContributionsOf(claimId)) Move(c, -c.Contribution);
        foreach (var c in next) Move(c, c.Contribution);
        if (next.Count == 0) ByClaim.Remove(claimId);
        else ByClaim[claimId] = next;
    }

    /// <summary>Writes the index back to the stored shape and re-derives what follows from it.</summary>
    public void Normalize()
    {
        if (_byClaim is null) return;
        Contributions = _byClaim.Values.SelectMany(c => c).ToList();
        Contributions.Sort(ClaimContribution.Order);
        ClaimCount = _byClaim.Count;
        (Label, LeadingPower) = AlignmentScores.Label(Contributions);
    }

    private void Move(ClaimContribution c, decimal by)
    {
        foreach (var cell in ScoreCell.Moved(c.Power, c.Dimension))
            _cells![cell] = _cells.GetValueOrDefault(cell) + by;
    }

    private Dictionary<string, List<ClaimContribution>> Index()
    {
        _cells = new Dictionary<ScoreCell, decimal>();
        foreach (var c in Contributions) Move(c, c.Contribution);
        return Contributions.GroupBy(c => c.ClaimId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }
}

/// <summary>
/// One claim's weight on one (power, dimension) of its subject. The claim's valid time travels with it so
/// valid-time filters need no second lookup.
/// </summary>
public sealed record ClaimContribution(string ClaimId, string Power, Dimension Dimension, decimal Contribution,
    DateTimeOffset? ValidStart = null, DateTimeOffset? ValidEnd = null)
{
    public string Key => $"{ClaimId}|{Power}|{Dimension}";

    public bool ValidDuring(DateTimeOffset from, DateTimeOffset to) => ValidStart < to && from < ValidEnd;

    public static int Order(ClaimContribution a, ClaimContribution b)
    {
        var c = string.CompareOrdinal(a.Power, b.Power);
        if (c == 0) c = a.Dimension.CompareTo(b.Dimension);
        if (c == 0) c = b.Contribution.CompareTo(a.Contribution);
        return c != 0 ? c : string.CompareOrdinal(a.ClaimId, b.ClaimId);
    }
}

using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>The two clocks an alignment read can be asked about: record time (asOf) and valid time (validFrom/validTo).</summary>
public sealed record AlignmentQuery(string Subject, DateTimeOffset? AsOf, ValidTime? ValidFrom, ValidTime? ValidTo)
{
    /// <summary>
    /// Reads the clocks (and the subject, when one is given) with the parameter names clients use, adding an error
    /// for each bad one; the report reads its clocks here too, once for all its subjects.
    /// </summary>
    public static AlignmentQuery Read(string? subject, string? asOf, string? validFrom, string? validTo, FieldErrors errors)
    {
        if (subject is not null && !Codes.IsSubject(subject)) errors.Add("subject", $"must be {Codes.SubjectRule}.");
        DateTimeOffset? instant = null;
        if (asOf is not null)
        {
            if (Instant.TryParse(asOf, out var parsed)) instant = parsed;
            else errors.Add("asOf", Instant.Rule);
        }
        var from = ReadValidTime(validFrom, "validFrom", errors);
        var to = ReadValidTime(validTo, "validTo", errors);
        if (from is not null && to is not null && to.End <= from.Start) errors.Add("validTo", "must not end before validFrom starts.");
        return new AlignmentQuery(subject ?? "", instant, from, to);
    }

    private static ValidTime? ReadValidTime(string? text, string field, FieldErrors errors)
    {
        if (text is null) return null;
        if (ValidTime.TryParse(text, out var parsed)) return parsed;
        errors.Add(field, $"must be {ValidTime.Rule}.");
        return null;
    }

    public bool FiltersValidTime => ValidFrom is not null || ValidTo is not null;

    /// <summary>Claims whose valid time overlaps [validFrom, validTo]; a claim without a valid time cannot be shown to overlap.</summary>
    public IEnumerable<ClaimContribution> Filter(IEnumerable<ClaimContribution> contributions) => !FiltersValidTime ? contributions
        : contributions.Where(c => c.ValidDuring(ValidFrom?.Start ?? DateTimeOffset.MinValue, ValidTo?.End ?? DateTimeOffset.MaxValue));
}

/// <summary>Reads a subject's contributions now or as of a record time: nearest snapshot, then the changes after it.</summary>
public static class AlignmentHistoryReader
{
    public static async Task<(List<ClaimContribution> Contributions, long LastSequence)> AsOfAsync(
        IQuerySession session, string subject, DateTimeOffset asOf, CancellationToken ct)
    {
        var snapshot = await session.Query<AlignmentSnapshot>()
            .Where(s => s.Subject == subject && s.Timestamp <= asOf)
            .OrderByDescending(s => s.Sequence).FirstOrDefaultAsync(ct);
        var floor = snapshot?.Sequence ?? 0;
        var changes = await session.Query<AlignmentChange>()
            .Where(c => c.Subject == subject && c.Sequence > floor && c.Timestamp <= asOf)
            .OrderBy(c => c.Sequence).ToListAsync(ct);
        var contributions = (snapshot?.Contributions ?? []).ToDictionary(c => c.Key);
        foreach (var delta in changes.SelectMany(c => c.Deltas)) Apply(contributions, delta);
        var last = changes.Count > 0 ? changes[^1].Sequence : floor;
        return (contributions.Values.Order(Comparer<ClaimContribution>.Create(ClaimContribution.Order)).ToList(), last);
    }

    public static void Apply(Dictionary<string, ClaimContribution> contributions, ContributionChange delta)
    {
        var c = new ClaimContribution(delta.ClaimId, delta.Power, delta.Dimension, delta.After, delta.ValidStart, delta.ValidEnd);
        if (delta.After == 0) contributions.Remove(c.Key);
        else contributions[c.Key] = c;
    }
}

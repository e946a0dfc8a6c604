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

    public DateTimeOffset ValidWindowStart => ValidFrom?.Start ?? DateTimeOffset.MinValue;
    public DateTimeOffset ValidWindowEnd => ValidTo?.End ?? DateTimeOffset.MaxValue;

    /// <summary>Claims whose valid time overlaps [validFrom, validTo]; a claim without a valid time cannot be shown to overlap.</summary>
    public IEnumerable<ClaimContribution> Filter(IEnumerable<ClaimContribution> contributions) => !FiltersValidTime ? contributions
        : contributions.Where(c => c.ValidDuring(ValidWindowStart, ValidWindowEnd));
}

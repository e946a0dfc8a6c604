using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// The three clocks an alignment read can be asked about: record time (asOf), valid time (validFrom/validTo) and publication
/// time (publishedBy: only evidence from sources published by then weighs).
/// </summary>
public sealed record AlignmentQuery(string Subject, DateTimeOffset? AsOf, ValidTime? ValidFrom, ValidTime? ValidTo)
{
    public const string PublishedByRule =
        "must be a date (2024-07-01), a month (2024-07), a year (2024) or an instant (2024-07-01T12:00:00Z), with a year from 1000 to 2999: " +
        "sources count when their whole publication period ends by then";

    /// <summary>The publication cut-off: a source counts when its publication period ("2024-07": all of July) has ended by the end of this one.</summary>
    public PartialDate? PublishedBy { get; init; }

    /// <summary>
    /// Reads the clocks (and the subject, when one is given) with the parameter names clients use, adding an error
    /// for each bad one; the report reads its clocks here too, once for all its subjects.
    /// </summary>
    public static AlignmentQuery Read(string? subject, string? asOf, string? validFrom, string? validTo, FieldErrors errors, string? publishedBy = null)
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
        PartialDate? cutOff = null;
        if (publishedBy is not null)
        {
            if (PartialDate.TryParse(publishedBy, out var parsedCutOff)) cutOff = parsedCutOff;
            else errors.Add("publishedBy", PublishedByRule + ".");
        }
        return new AlignmentQuery(subject ?? "", instant, from, to) { PublishedBy = cutOff };
    }

    private static ValidTime? ReadValidTime(string? text, string field, FieldErrors errors)
    {
        if (text is null) return null;
        if (ValidTime.TryParse(text, out var parsed)) return parsed;
        errors.Add(field, $"must be {ValidTime.Rule}.");
        return null;
    }

    public bool FiltersValidTime => ValidFrom is not null || ValidTo is not null;

    public bool FiltersPublication => PublishedBy is not null;

    /// <summary>Neither cut has cells of its own: scores are then summed from the contributions (the slower path).</summary>
    public bool SumsContributions => FiltersValidTime || FiltersPublication;

    /// <summary>The exclusive end of the publication cut-off: a source published in a period ending by then counts.</summary>
    public DateTimeOffset PublicationCutOff => PublishedBy?.End ?? DateTimeOffset.MaxValue;

    public DateTimeOffset ValidWindowStart => ValidFrom?.Start ?? DateTimeOffset.MinValue;
    public DateTimeOffset ValidWindowEnd => ValidTo?.End ?? DateTimeOffset.MaxValue;

    /// <summary>How much a recorded change moved a contribution as this query sees it (its valid-time window and publication cut-off).</summary>
    public decimal DeltaOf(ContributionChange d) =>
        FiltersValidTime && !new ClaimContribution(d.ClaimId, d.Power, d.Dimension, d.After, d.ValidStart, d.ValidEnd).ValidDuring(ValidWindowStart, ValidWindowEnd)
            ? 0m
            : FiltersPublication ? d.DeltaPublishedBy(PublicationCutOff) : d.Delta;
}

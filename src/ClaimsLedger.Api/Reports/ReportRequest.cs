using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Reports;

public enum ReportFormat { Json, Markdown, Html, Csv }

/// <summary>
/// The parameters of a report, read the same way for the HTTP endpoint and the command line, so both
/// refuse the same input with the same parameter names.
/// </summary>
public sealed record ReportRequest(IReadOnlyList<string> Subjects, AlignmentQuery Query, ReportFormat Format)
{
    public const int MaxSubjects = 20;
    public const string FormatRule = "must be json, markdown, html or csv.";

    public static bool TryRead(string? subjects, string? asOf, string? validFrom, string? validTo, string? format,
        out ReportRequest request, out FieldErrors errors, string? publishedBy = null)
    {
        request = null!;
        errors = new FieldErrors();
        var codes = (subjects ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        if (codes.Count == 0) errors.Add("subjects", "is required: a comma-separated list such as KZ,KG.");
        else if (codes.Count > MaxSubjects) errors.Add("subjects", $"must name at most {MaxSubjects} subjects.");
        foreach (var bad in codes.Where(c => !Codes.IsSubject(c)))
            errors.Add("subjects", $"'{bad}' must be {Codes.SubjectRule}.");

        var parsedFormat = ReportFormat.Json;
        if (format is not null && !TryParseFormat(format, out parsedFormat)) errors.Add("format", FormatRule);

        // The instants and valid times are the alignment endpoint's own parameters, read by its reader under its
        // field names; each subject gets its own query from this one.
        var query = AlignmentQuery.Read(null, asOf, validFrom, validTo, errors, publishedBy);

        if (errors.Any) return false;
        request = new ReportRequest(codes, query, parsedFormat);
        return true;
    }

    public static bool TryParseFormat(string text, out ReportFormat format)
    {
        format = default;
        return text is "json" or "markdown" or "html" or "csv" && Enum.TryParse(text, ignoreCase: true, out format);
    }
}

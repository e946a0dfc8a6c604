using static ClaimsLedger.Api.Reports.Render.ReportText;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>GitHub-flavoured Markdown: a scores table, a claims table and a provenance appendix per subject.</summary>
public static class MarkdownReport
{
    public static string Render(AlignmentReport report)
    {
        var md = new Lines()
            .Add("# Alignment report").Add()
            .Add($"- As of (record time): {Instant(report.AsOf)}")
            .Add($"- Last event sequence reflected: {Integer(report.LastSequence)}")
            .Add($"- Valid time: {Markdown(Range(report))}");
        if (report.PublishedBy is { } publishedBy) md.Add($"- Evidence published by: {Markdown(publishedBy)} (sources whose publication period ended by then)");
        md
            .Add($"- Claims listed: {report.ClaimSelection}")
            .Add("- Contribution = ±strength × confidence × reliability × corroboration × contest, 4 decimals; each score is the sum of its contributions.");
        foreach (var subject in report.Subjects) Subject(md, subject);
        return md.ToString();
    }

    private static void Subject(Lines md, SubjectReport s)
    {
        md.Add().Add($"## {Markdown(s.Subject)}: {Markdown(s.Label)}").Add()
            .Add($"Contributing claims: {Integer(s.ClaimCount)}; leading power: {Markdown(s.LeadingPower ?? "none")}.").Add()
            .Add("### Scores").Add();
        if (s.Scores.Count == 0) md.Add("No contributions.");
        else
        {
            md.Add($"| power | {string.Join(" | ", AlignmentReport.Columns)} |")
                .Add($"|---|{string.Concat(AlignmentReport.Columns.Select(_ => "---:|"))}");
            foreach (var p in s.Scores)
                md.Add($"| {Markdown(p.Power)} | {Number(p.Overall)} | {string.Join(" | ", p.Dimensions.Select(d => Number(d.Score)))} |");
        }

        md.Add().Add("### Leading claims").Add();
        if (s.Claims.Count > 0)
        {
            md.Add("| # | claim | statement | status | valid time | confidence | weight | contributions |")
                .Add("|---:|---|---|---|---|---:|---:|---|");
            foreach (var (c, i) in s.Claims.Select((c, i) => (c, i + 1)))
                md.Add($"| {Integer(i)} | `{Markdown(c.ClaimId)}` | {Markdown(c.Statement)} | {c.Status} | {Markdown(c.ValidTime ?? "—")} | " +
                       $"{Number(c.Confidence)} | {Number(c.Weight)} | " +
                       $"{string.Join("; ", c.Contributions.Select(x => $"{Markdown(x.Power)} {x.Dimension} {Number(x.Contribution)}"))} |");
        }
        else md.Add("None.");

        md.Add().Add("### Appendix: provenance").Add();
        if (s.Sources.Count == 0) md.Add("No sources.");
        foreach (var src in s.Sources)
        {
            md.Add($"#### {Markdown(src.Title)} (`{Markdown(src.SourceId)}`)").Add()
                .Add($"- Carrier: {Markdown(src.Carrier)}; original publisher: {Markdown(src.OriginalPublisher ?? src.Carrier)}")
                .Add($"- Published: {Markdown(Published(src))}")
                .Add($"- Reliability as of the report: {src.Reliability}{(src.Retracted ? "; retracted" : "")}").Add()
                .Add("| claim | role | span | quote |").Add("|---|---|---|---|");
            foreach (var q in src.Quotes)
                md.Add($"| `{Markdown(q.ClaimId)}` | {q.Role} | [{Integer(q.Start)}, {Integer(q.End)}) | {Markdown(q.Quote)} |");
            md.Add();
        }
    }
}

using static ClaimsLedger.Api.Reports.Render.ReportText;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>
/// One self-contained page: inline CSS and SVG, no script, no external URL. It is also well-formed XML
/// (every element closed, every text escaped), so it can be checked by a plain XML parser.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:72rem}
        table{border-collapse:collapse;margin:0.5rem 0 1rem}
        th,td{border:1px solid #ccc;padding:0.2rem 0.5rem;vertical-align:top;text-align:left}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        figure{margin:1rem 0}
        svg.chart{background:#fff;max-width:100%;height:auto}
        svg .plot{fill:#fafafa;stroke:none} svg .grid{stroke:#e3e3e3} svg .axis,svg .zero{stroke:#555}
        svg text{font-size:11px;fill:#333} svg .axis-title{font-size:12px}
        blockquote{margin:0;font-style:italic} code{font-size:0.9em}
        """;

    public static string Render(AlignmentReport report)
    {
        var title = $"Alignment report as of {Instant(report.AsOf)}";
        var html = new Lines()
            .Add("<!DOCTYPE html>")
            .Add("<html lang=\"en\">")
            .Add($"<head><meta charset=\"utf-8\"/><title>{Html(title)}</title><style>{Style}</style></head>")
            .Add("<body>")
            .Add($"<h1>{Html(title)}</h1>")
            .Add("<dl>")
            .Add($"<dt>As of (record time)</dt><dd><time>{Instant(report.AsOf)}</time></dd>")
            .Add($"<dt>Last event sequence reflected</dt><dd>{Integer(report.LastSequence)}</dd>")
            .Add($"<dt>Valid time</dt><dd>{Html(Range(report))}</dd>");
        if (report.PublishedBy is { } publishedBy)
            html.Add($"<dt>Evidence published by</dt><dd>{Html(publishedBy)} (sources whose publication period ended by then)</dd>");
        html.Add($"<dt>Claims listed</dt><dd>{Html(report.ClaimSelection)}</dd>")
            .Add("</dl>");
        foreach (var subject in report.Subjects) Subject(html, report, subject);
        return html.Add("</body>").Add("</html>").ToString();
    }

    private static void Subject(Lines html, AlignmentReport report, SubjectReport s)
    {
        html.Add($"<section id=\"subject-{Html(s.Subject)}\" class=\"subject\">")
            .Add($"<h2>{Html(s.Subject)}: {Html(s.Label)}</h2>")
            .Add($"<p>Contributing claims: {Integer(s.ClaimCount)}; leading power: {Html(s.LeadingPower ?? "none")}.</p>")
            .Add("<h3>Scores</h3>");
        if (s.Scores.Count == 0) html.Add("<p>No contributions.</p>");
        else
        {
            html.Add("<table class=\"scores\"><thead><tr><th>power</th>" +
                     string.Concat(AlignmentReport.Columns.Select(c => $"<th>{c}</th>")) + "</tr></thead><tbody>");
            foreach (var p in s.Scores)
                html.Add($"<tr><th>{Html(p.Power)}</th><td class=\"num\">{Number(p.Overall)}</td>" +
                         string.Concat(p.Dimensions.Select(d => $"<td class=\"num\">{Number(d.Score)}</td>")) + "</tr>");
            html.Add("</tbody></table>");
        }

        var colour = ReportCharts.Colours(s);
        html.Add("<h3>Charts</h3>");
        Figure(html, ReportCharts.RecordTime(s, report.AsOf, colour), "Overall score per power over record time (at most 100 points each), up to the report's instant.");
        Figure(html, ReportCharts.ValidTime(s, colour), "Sum of the contributions of claims whose valid time overlaps each year (claims without a valid time are not shown).");

        html.Add("<h3>Leading claims</h3>");
        if (s.Claims.Count == 0) html.Add("<p>None.</p>");
        else
        {
            html.Add("<table class=\"claims\"><thead><tr><th>#</th><th>claim</th><th>statement</th><th>status</th><th>valid time</th>" +
                     "<th>confidence</th><th>weight</th><th>contributions</th></tr></thead><tbody>");
            foreach (var (c, i) in s.Claims.Select((c, i) => (c, i + 1)))
                html.Add($"<tr><td class=\"num\">{Integer(i)}</td><td><code>{Html(c.ClaimId)}</code></td><td>{Html(c.Statement)}</td>" +
                         $"<td>{Html(c.Status)}</td><td>{Html(c.ValidTime ?? "—")}</td><td class=\"num\">{Number(c.Confidence)}</td>" +
                         $"<td class=\"num\">{Number(c.Weight)}</td><td>" +
                         string.Join("<br/>", c.Contributions.Select(x => $"{Html(x.Power)} {Html(x.Dimension)} {Number(x.Contribution)}")) +
                         "</td></tr>");
            html.Add("</tbody></table>");
        }

        html.Add("<h3>Appendix: provenance</h3>");
        if (s.Sources.Count == 0) html.Add("<p>No sources.</p>");
        foreach (var src in s.Sources)
        {
            html.Add($"<article class=\"source\" id=\"source-{Html(s.Subject)}-{Html(src.SourceId)}\">")
                .Add($"<h4>{Html(src.Title)} (<code>{Html(src.SourceId)}</code>)</h4>")
                .Add($"<p>Carrier: {Html(src.Carrier)}; original publisher: {Html(src.OriginalPublisher ?? src.Carrier)}; " +
                     $"published: {Html(Published(src))}; reliability as of the report: {Html(src.Reliability)}" +
                     $"{(src.Retracted ? "; retracted" : "")}.</p>")
                .Add("<table class=\"quotes\"><thead><tr><th>claim</th><th>role</th><th>span</th><th>quote</th></tr></thead><tbody>");
            foreach (var q in src.Quotes)
                html.Add($"<tr><td><code>{Html(q.ClaimId)}</code></td><td>{Html(q.Role)}</td>" +
                         $"<td>[{Integer(q.Start)}, {Integer(q.End)})</td><td><blockquote>{Html(q.Quote)}</blockquote></td></tr>");
            html.Add("</tbody></table>").Add("</article>");
        }
        html.Add("</section>");
    }

    private static void Figure(Lines html, string svg, string caption)
    {
        if (svg.Length == 0) { html.Add($"<p>No data for: {Html(caption)}</p>"); return; }
        html.Add("<figure>").Append(svg).Add($"<figcaption>{Html(caption)}</figcaption>").Add("</figure>");
    }
}

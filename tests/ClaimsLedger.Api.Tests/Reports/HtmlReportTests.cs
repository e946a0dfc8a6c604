using System.Xml;
using System.Xml.Linq;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>The HTML report is one self-contained page; parsed as XML, its charts are there and plot the data.</summary>
public sealed class HtmlReportTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public async Task the_page_is_well_formed_self_contained_and_has_both_charts_per_subject()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var reply = await Api.Get($"/api/reports/alignment?subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}&format=html");

        var page = Parse(reply.Body);

        page.Descendants().Select(e => e.Name.LocalName).ShouldNotContain(n => n == "script" || n == "link" || n == "img" || n == "iframe");
        page.Descendants().Attributes().Select(a => a.Name.LocalName).ShouldNotContain(n => n == "src" || n == "href" || n.StartsWith("on"));
        page.Descendants("style").ShouldHaveSingleItem().Value.ShouldNotContain("url(");
        foreach (var subject in new[] { "KZ", "KG" })
        {
            var section = page.Descendants("section").Single(s => (string?)s.Attribute("id") == $"subject-{subject}");
            var charts = section.Descendants(Svg + "svg").ToList();
            charts.Select(c => (string?)c.Attribute("id")).ShouldBe([$"record-time-{subject}", $"valid-time-{subject}"]);
            foreach (var chart in charts)
            {
                chart.Element(Svg + "title").ShouldNotBeNull();
                chart.Descendants(Svg + "text").Select(t => t.Value).ShouldContain("score");
                var lines = chart.Descendants(Svg + "polyline").ToList();
                lines.ShouldNotBeEmpty();
                foreach (var line in lines)
                {
                    var points = ((string)line.Attribute("points")!).Split(' ');
                    points.Length.ShouldBeGreaterThanOrEqualTo(2);
                    if (chart == charts[0])
                        points.Select(p => p.Split(',')[1]).Distinct().Count().ShouldBeGreaterThan(1, "a score over record time moves off zero");
                    chart.Descendants(Svg + "text").Select(t => t.Value).ShouldContain((string)line.Attribute("data-power")!);   // legend
                }
            }
        }
        page.Descendants("h4").Select(h => h.Value).ShouldContain($"{ReportLedger.AwkwardTitle} (bulletin)");
    }

    /// <summary>HTML5 written as XML: the doctype is the only thing an XML reader must be told to skip.</summary>
    public static XDocument Parse(string html)
    {
        using var reader = XmlReader.Create(new StringReader(html), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return XDocument.Load(reader);
    }
}

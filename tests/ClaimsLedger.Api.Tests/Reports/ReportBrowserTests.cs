using System.Text.Json;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Playwright;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>Opens the HTML report in headless Chromium (Debian's package; .ci/run installs it) and checks the charts are drawn.</summary>
public sealed class ReportBrowserTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    public const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task the_html_report_opens_in_a_browser_with_every_chart_drawn_and_nothing_fetched()
    {
        File.Exists(Chromium).ShouldBeTrue($"{Chromium} is missing: apt-get install chromium (.ci/run does)");
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var html = (await Api.Get($"/api/reports/alignment?subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}&format=html")).Body;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.SetContentAsync(html);

        var charts = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('svg.chart')].map(svg => {
              const box = svg.getBoundingClientRect();
              return {
                id: svg.id, width: box.width, height: box.height,
                lines: [...svg.querySelectorAll('polyline')].map(p => {
                  const b = p.getBBox();
                  return { points: p.points.numberOfItems, length: p.getTotalLength(), width: b.width, height: b.height,
                           stroke: getComputedStyle(p).stroke };
                })
              };
            })
            """);

        charts.GetArrayLength().ShouldBe(4);
        foreach (var chart in charts.EnumerateArray())
        {
            var id = chart.GetProperty("id").GetString();
            chart.GetProperty("width").GetDouble().ShouldBeGreaterThan(100, id);
            chart.GetProperty("height").GetDouble().ShouldBeGreaterThan(50, id);
            chart.GetProperty("lines").GetArrayLength().ShouldBeGreaterThan(0, id);
            foreach (var line in chart.GetProperty("lines").EnumerateArray())
            {
                line.GetProperty("points").GetInt32().ShouldBeGreaterThanOrEqualTo(2, id);
                line.GetProperty("length").GetDouble().ShouldBeGreaterThan(0, id);
                (line.GetProperty("width").GetDouble() + line.GetProperty("height").GetDouble()).ShouldBeGreaterThan(0, id);
                line.GetProperty("stroke").GetString().ShouldNotBe("none", id);
            }
        }
        requests.ShouldBeEmpty("a self-contained page fetches nothing");
        var title = await page.TitleAsync();
        title.ShouldStartWith("Alignment report as of ");
    }
}

using System.Globalization;
using System.Text;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Reports.Render;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Reports;

public sealed class AlignmentReportTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private static readonly string[] Formats = ["json", "markdown", "html", "csv"];

    [Fact]
    public async Task the_same_parameters_give_the_same_bytes_in_every_format_after_later_events()
    {
        await Fixture.SeedAsync();
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var queries = new[]
        {
            $"subjects=KZ,KG,AM&asOf={ReportLedger.At(ledger.AfterWrites)}",
            $"subjects=KZ&asOf={ReportLedger.At(ledger.AfterWrites)}&validFrom=2022&validTo=2023-06",
        };
        var before = new Dictionary<string, byte[]>();
        foreach (var q in queries)
        foreach (var f in Formats) before[$"{q}&format={f}"] = await Bytes($"{q}&format={f}");

        await ledger.WriteLaterEventsAsync();

        foreach (var (query, bytes) in before) (await Bytes(query)).ShouldBe(bytes, $"/api/reports/alignment?{query}");
        var now = (await Report("subjects=KZ,KG,AM")).As<AlignmentReport>();
        now.LastSequence.ShouldBeGreaterThan(Wire.Read<AlignmentReport>(Encoding.UTF8.GetString(before[$"{queries[0]}&format=json"])).LastSequence);
    }

    [Fact]
    public async Task the_json_report_shows_the_alignment_apis_scores_claims_and_provenance_as_of_the_instant()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        await ledger.WriteLaterEventsAsync();

        var report = (await Report($"subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}")).As<AlignmentReport>();

        report.AsOf.ShouldBe(ledger.AfterWrites);
        report.LastSequence.ShouldBeGreaterThan(0);
        foreach (var subject in report.Subjects)
        {
            var api = (await Api.Get($"/api/alignments/{subject.Subject}?asOf={ReportLedger.At(ledger.AfterWrites)}")).As<AlignmentView>();
            subject.Label.ShouldBe(api.Label);
            subject.ClaimCount.ShouldBe(api.ClaimCount);
            subject.Scores.Select(p => p.Power).ShouldBe(api.Scores.Keys);
            foreach (var power in subject.Scores)
            {
                var cells = api.Scores[power.Power];
                power.Overall.ShouldBe(cells["overall"]);
                foreach (var d in power.Dimensions)
                    d.Score.ShouldBe(cells[d.Dimension]);
            }
            // The record-time chart ends where the scores are.
            foreach (var series in subject.RecordTime)
                series.Points.Last().Overall.ShouldBe(subject.Scores.Single(p => p.Power == series.Power).Overall);
        }

        var kz = report.Subjects[0];
        kz.Claims.Select(c => c.ClaimId).ShouldBe([ledger.TradeClaim, ledger.SecurityClaim]);
        kz.Claims[1].Status.ShouldBe("recorded");                                          // retracted only later
        kz.Sources.Select(s => s.SourceId).ShouldBe(["bulletin", "steppe"]);
        kz.Sources[1].Reliability.ShouldBe("B");                                           // regraded to E only later
        kz.Sources[1].PublishedPrecision.ShouldBe("month");
        var quote = kz.Sources[0].Quotes.Single();
        quote.Quote.ShouldBe("hosted Russian troops");
        ReportLedger.SecurityText[quote.Start..quote.End].ShouldBe("hosted Russian troops");
        var kg = report.Subjects[1].ValidTime.Single().Points;
        kg.Select(p => p.Year).ShouldBe([2022, 2023]);                                     // a range counts in each of its years
    }

    [Fact]
    public async Task the_csv_has_one_header_and_a_row_per_subject_power_and_score_column()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var query = $"subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}";

        var reply = await Report($"{query}&format=csv");
        var rows = Csv.Parse(reply.Body);
        var report = (await Report(query)).As<AlignmentReport>();

        reply.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        rows[0].ShouldBe(CsvReport.Header.Split(','));
        rows.Count(r => r.SequenceEqual(rows[0])).ShouldBe(1);
        var powers = report.Subjects.Sum(s => s.Scores.Count);
        (rows.Count - 1).ShouldBe(powers * AlignmentReport.Columns.Count);
        var cn = rows.Single(r => r[0] == "KZ" && r[2] == "CN" && r[3] == "economic");
        cn[4].ShouldBe("1.2000");                                                            // 2 × 0.75 × B 0.8
        cn[5].ShouldBe(ReportText.Instant(ledger.AfterWrites));
        cn[6].ShouldBe(report.LastSequence.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task markdown_and_html_escape_what_sources_say()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var query = $"subjects=KZ&asOf={ReportLedger.At(ledger.AfterWrites)}";

        var md = await Report($"{query}&format=markdown");
        var html = await Report($"{query}&format=html");

        md.ContentType!.ToString().ShouldBe("text/markdown; charset=utf-8");
        md.Body.ShouldContain("#### Defence \\<Bulletin\\> \\& \"Review\" \\| 2024, annual (`bulletin`)");
        var scoreRows = md.Body.Split('\n').SkipWhile(l => !l.StartsWith("| power")).TakeWhile(l => l.StartsWith('|')).ToList();
        scoreRows.Select(l => l.Count(c => c == '|')).Distinct().ShouldHaveSingleItem();
        html.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        html.Body.ShouldContain("Defence &lt;Bulletin&gt; &amp; &quot;Review&quot; | 2024, annual");
        html.Body.ShouldNotContain("<Bulletin>");
    }

    [Theory]
    [InlineData("text/csv", "csv")]
    [InlineData("text/markdown", "markdown")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html")]   // a browser's
    [InlineData("application/json", "json")]
    [InlineData("*/*", "json")]
    [InlineData("text/csv;q=0.5, text/markdown", "markdown")]
    [InlineData("image/png", "json")]
    // Parameters and case do not change the media type (they got JSON).
    [InlineData("text/csv; charset=utf-8", "csv")]
    [InlineData("text/markdown; charset=utf-8", "markdown")]
    [InlineData("TEXT/HTML;Charset=UTF-8", "html")]
    [InlineData("text/csv; charset=utf-8; q=0.4, text/markdown; charset=utf-8; q=0.6", "markdown")]
    public async Task accept_selects_the_format_as_format_does(string accept, string format)
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var query = $"subjects=KZ&asOf={ReportLedger.At(ledger.AfterWrites)}";

        var negotiated = await Api.Send(HttpMethod.Get, $"/api/reports/alignment?{query}", new Dictionary<string, string> { ["Accept"] = accept });
        var explicitFormat = await Report($"{query}&format={format}");

        negotiated.Code.ShouldBe(200, negotiated.Body);
        negotiated.ContentType!.ToString().ShouldBe(explicitFormat.ContentType!.ToString());
        negotiated.Body.ShouldBe(explicitFormat.Body);
        negotiated.Headers.Vary.ShouldContain("Accept");
    }

    [Fact]
    public async Task format_wins_over_accept()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();

        var reply = await Api.Send(HttpMethod.Get, $"/api/reports/alignment?subjects=KZ&format=csv", new Dictionary<string, string> { ["Accept"] = "text/html" });

        reply.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
    }

    [Fact]
    public async Task as_of_omitted_means_now_on_the_injected_clock()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var before = Fixture.Clock.GetUtcNow();

        var report = (await Report("subjects=KZ")).As<AlignmentReport>();

        report.AsOf.ShouldBeInRange(before, Fixture.Clock.GetUtcNow());
        report.Subjects[0].ClaimCount.ShouldBe(2);
    }

    [Theory]
    [InlineData("format=json", "subjects")]
    [InlineData("subjects=", "subjects")]
    [InlineData("subjects=kz", "subjects")]
    [InlineData("subjects=KZ,XX", "subjects")]
    [InlineData("subjects=AM,AZ,BY,CN,IN,KG,KZ,PK,RU,TJ,TM,UZ,US,TR,IR,AF,MN,GE,UA,MD,EE", "subjects")]
    [InlineData("subjects=KZ&asOf=yesterday", "asOf")]
    [InlineData("subjects=KZ&validFrom=2023-13", "validFrom")]
    [InlineData("subjects=KZ&validFrom=2024&validTo=2022", "validTo")]
    [InlineData("subjects=KZ&format=pdf", "format")]
    [InlineData("subjects=KZ&format=HTML", "format")]
    public async Task a_bad_parameter_is_a_400_naming_it(string query, string field) =>
        (await Report(query, expectOk: false)).ShouldBeProblem(400, field);

    [Fact]
    public async Task openapi_documents_the_four_content_types()
    {
        var doc = (await Api.Get("/swagger/v1/swagger.json")).Json;
        var ok = doc["paths"]!["/api/reports/alignment"]!["get"]!["responses"]!["200"]!["content"]!.AsObject();

        ok.Select(c => c.Key).Order(StringComparer.Ordinal).ShouldBe(["application/json", "text/csv", "text/html", "text/markdown"]);
        ok["application/json"]!["schema"]!["$ref"]!.GetValue<string>().ShouldEndWith("AlignmentReport");
    }

    private async Task<Reply> Report(string query, bool expectOk = true)
    {
        var reply = await Api.Get($"/api/reports/alignment?{query}");
        if (expectOk) reply.Code.ShouldBe(200, reply.Body);
        return reply;
    }

    private async Task<byte[]> Bytes(string query)
    {
        using var response = await Api.Client.GetAsync($"/api/reports/alignment?{query}");
        response.IsSuccessStatusCode.ShouldBeTrue(query);
        return await response.Content.ReadAsByteArrayAsync();
    }
}

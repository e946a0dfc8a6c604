using System.Text.Json.Nodes;
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
        var now = (await Report("subjects=KZ,KG,AM")).Json;
        now["lastSequence"]!.GetValue<long>().ShouldBeGreaterThan(JsonNode.Parse(before[$"{queries[0]}&format=json"])!["lastSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task the_json_report_shows_the_alignment_apis_scores_claims_and_provenance_as_of_the_instant()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        await ledger.WriteLaterEventsAsync();

        var report = (await Report($"subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}")).Json;

        report["asOf"]!.GetValue<DateTimeOffset>().ShouldBe(ledger.AfterWrites);
        report["lastSequence"]!.GetValue<long>().ShouldBeGreaterThan(0);
        foreach (var subject in report["subjects"]!.AsArray())
        {
            var code = subject!["subject"]!.GetValue<string>();
            var api = (await Api.Get($"/api/alignments/{code}?asOf={ReportLedger.At(ledger.AfterWrites)}")).Json;
            subject["label"]!.GetValue<string>().ShouldBe(api["label"]!.GetValue<string>());
            subject["claimCount"]!.GetValue<int>().ShouldBe(api["claimCount"]!.GetValue<int>());
            var scores = subject["scores"]!.AsArray();
            scores.Select(p => p!["power"]!.GetValue<string>()).ShouldBe(api["scores"]!.AsObject().Select(p => p.Key));
            foreach (var power in scores)
            {
                var cells = api["scores"]![power!["power"]!.GetValue<string>()]!;
                power["overall"]!.GetValue<decimal>().ShouldBe(cells["overall"]!.GetValue<decimal>());
                foreach (var d in power["dimensions"]!.AsArray())
                    d!["score"]!.GetValue<decimal>().ShouldBe(cells[d["dimension"]!.GetValue<string>()]!.GetValue<decimal>());
            }
            // The record-time chart ends where the scores are.
            foreach (var series in subject["recordTime"]!.AsArray())
                series!["points"]!.AsArray().Last()!["overall"]!.GetValue<decimal>()
                    .ShouldBe(scores.Single(p => p!["power"]!.GetValue<string>() == series["power"]!.GetValue<string>())!["overall"]!.GetValue<decimal>());
        }

        var kz = report["subjects"]![0]!;
        kz["claims"]!.AsArray().Select(c => c!["claimId"]!.GetValue<string>()).ShouldBe([ledger.TradeClaim, ledger.SecurityClaim]);
        kz["claims"]![1]!["status"]!.GetValue<string>().ShouldBe("recorded");            // retracted only later
        var sources = kz["sources"]!.AsArray();
        sources.Select(s => s!["sourceId"]!.GetValue<string>()).ShouldBe(["bulletin", "steppe"]);
        sources[1]!["reliability"]!.GetValue<string>().ShouldBe("B");                      // regraded to E only later
        sources[1]!["publishedPrecision"]!.GetValue<string>().ShouldBe("month");
        var quote = sources[0]!["quotes"]!.AsArray().Single()!;
        quote["quote"]!.GetValue<string>().ShouldBe("hosted Russian troops");
        ReportLedger.SecurityText[quote["start"]!.GetValue<int>()..quote["end"]!.GetValue<int>()].ShouldBe("hosted Russian troops");
        var kg = report["subjects"]![1]!["validTime"]!.AsArray().Single()!["points"]!.AsArray();
        kg.Select(p => p!["year"]!.GetValue<int>()).ShouldBe([2022, 2023]);               // a range counts in each of its years
    }

    [Fact]
    public async Task the_csv_has_one_header_and_a_row_per_subject_power_and_score_column()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var query = $"subjects=KZ,KG&asOf={ReportLedger.At(ledger.AfterWrites)}";

        var reply = await Report($"{query}&format=csv");
        var rows = Csv.Parse(reply.Body);
        var json = (await Report(query)).Json;

        reply.ContentType!.ToString().ShouldBe("text/csv; charset=utf-8");
        rows[0].ShouldBe(CsvReport.Header.Split(','));
        rows.Count(r => r.SequenceEqual(rows[0])).ShouldBe(1);
        var powers = json["subjects"]!.AsArray().Sum(s => s!["scores"]!.AsArray().Count);
        (rows.Count - 1).ShouldBe(powers * AlignmentReport.Columns.Count);
        var cn = rows.Single(r => r[0] == "KZ" && r[2] == "CN" && r[3] == "economic");
        cn[4].ShouldBe("1.2000");                                                            // 2 × 0.75 × B 0.8
        cn[5].ShouldBe(ReportText.Instant(ledger.AfterWrites));
        cn[6].ShouldBe(json["lastSequence"]!.ToJsonString());
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
        md.Body.ShouldContain("#### Defence <Bulletin> & \"Review\" \\| 2024, annual (`bulletin`)");
        var scoreRows = md.Body.Split('\n').SkipWhile(l => !l.StartsWith("| power")).TakeWhile(l => l.StartsWith('|')).ToList();
        scoreRows.Select(l => l.Count(c => c == '|')).Distinct().ShouldHaveSingleItem();
        html.ContentType!.ToString().ShouldBe("text/html; charset=utf-8");
        html.Body.ShouldContain("Defence &lt;Bulletin&gt; &amp; &quot;Review&quot; | 2024, annual");
        html.Body.ShouldNotContain("<Bulletin>");
    }

    [Fact]
    public async Task as_of_omitted_means_now_on_the_injected_clock()
    {
        var ledger = new ReportLedger(Fixture, Api);
        await ledger.WriteAsync();
        var before = Fixture.Clock.GetUtcNow();

        var report = (await Report("subjects=KZ")).Json;

        report["asOf"]!.GetValue<DateTimeOffset>().ShouldBeInRange(before, Fixture.Clock.GetUtcNow());
        report["subjects"]![0]!["claimCount"]!.GetValue<int>().ShouldBe(2);
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

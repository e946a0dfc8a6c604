using System.Text.Json;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Tests.CommandLine;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>
/// The auditor's walk-through with the commands, each run as a separate process as an operator would: export the ledger,
/// tamper with three rows in PostgreSQL (data, timestamp, a deletion), `verify` names each at its sequence, and an
/// export with one altered line is refused by `import` naming that line.
/// </summary>
public sealed class AuditCommandLineTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task verify_names_each_tampered_row_by_its_sequence_and_import_refuses_an_export_with_one_altered_line()
    {
        await Fixture.SeedAsync();
        await Api.RequestCheckpointAsync();
        await Fixture.WaitForProjectionsAsync();
        var work = Directory.CreateTempSubdirectory("claimsledger-audit-cli-").FullName;
        // The API's own database and data folder (where its signing key lives), as on the machine that runs it.
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = Fixture.ConnectionString,
            ["ClaimsLedger__DataDirectory"] = Path.GetFullPath(Fixture.Services.GetRequiredService<LedgerOptions>().DataDirectory),
        };
        try
        {
            var intact = await ApiProcess.RunAsync(work, settings, "verify");
            intact.Code.ShouldBe(0, intact.Output);
            intact.Output.ShouldContain("intact: true");

            var file = Path.Combine(work, "ledger.ndjson");
            var export = await ApiProcess.RunAsync(work, settings, "export", "--out", file);
            export.Code.ShouldBe(0, export.Output);
            var exported = await File.ReadAllTextAsync(file);
            var served = (await Api.Get("/api/export")).Body;
            AfterHeader(exported).ShouldBe(AfterHeader(served), "the command writes what GET /api/export serves");

            var data = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "type = 'claim_extracted' and seq_id > 20");
            var time = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, $"type = 'claim_extracted' and seq_id > {data + 5}");
            var deleted = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, $"seq_id > {time + 5}");
            await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
                $"update claimsledger.mt_events set data = jsonb_set(data, '{{confidence}}', '0.99') where seq_id = {data}");
            await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
                $"update claimsledger.mt_events set timestamp = timestamp - interval '1 second' where seq_id = {time}");
            await AuditTestSupport.SqlAsync(Fixture.ConnectionString, $"delete from claimsledger.mt_events where seq_id = {deleted}");

            var broken = await ApiProcess.RunAsync(work, settings, "verify");
            var json = await ApiProcess.RunAsync(work, settings, "verify", "--json");

            broken.Code.ShouldBe(1, broken.Output);
            broken.Output.ShouldContain("intact: false");
            broken.Output.ShouldContain($"firstBrokenSequence: {data}");
            broken.Output.ShouldContain($"broken at {data}: The event no longer matches its link");
            broken.Output.ShouldContain($"broken at {time}: The event no longer matches its link");
            broken.Output.ShouldContain($"broken at {deleted}: The event is missing");
            json.Code.ShouldBe(1, json.Output);
            var result = JsonSerializer.Deserialize<AuditVerification>(json.Output.Split('\n').Last(l => l.StartsWith('{')), JsonSerializerOptions.Web)!;
            result.Intact.ShouldBeFalse();
            result.FirstBrokenSequence.ShouldBe(data);
            result.Breaks.Select(b => b.Sequence).ShouldBe([data, time, deleted]);

            var lines = exported.Split('\n');
            var line = Array.FindIndex(lines, l => l.Contains("\"type\":\"claim_retracted\"") || l.Contains("\"type\":\"claim_corroborated\""));
            line.ShouldBeGreaterThan(0);
            lines[line] = lines[line].Replace("\"actor\": \"", "\"actor\": \"x");
            var sequence = ExportLines.Read(lines[line]).Event.Sequence;
            var altered = Path.Combine(work, "altered.ndjson");
            await File.WriteAllTextAsync(altered, string.Join('\n', lines));
            var fresh = await Fixture.NewDatabaseAsync($"claimsledger_refused_{Guid.NewGuid():N}");

            var import = await ApiProcess.RunAsync(work, new Dictionary<string, string> { ["ConnectionStrings__Marten"] = fresh }, "import", altered);

            import.Code.ShouldNotBe(0, import.Output);
            import.Output.ShouldContain($"Import refused: Line {line + 1} (sequence {sequence}) breaks the hash chain");
            import.Output.ShouldContain("Nothing was imported.");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static string AfterHeader(string export) => export[(export.IndexOf('\n') + 1)..];
}

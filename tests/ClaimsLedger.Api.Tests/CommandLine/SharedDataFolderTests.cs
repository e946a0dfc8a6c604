using ClaimsLedger.Api.Postgres;
using ClaimsLedger.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace ClaimsLedger.Api.Tests.CommandLine;

/// <summary>
/// The embedded default as operators meet it: the CLI as a second process on the data folder of a running API (here an
/// in-process server on the same folder stands for the API), and the commands that need no database at all.
/// </summary>
[Collection("EmbeddedPostgres")]
public sealed class SharedDataFolderTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"claimsledger-shared-{Guid.NewGuid():N}");

    public SharedDataFolderTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        try { Directory.Delete(_work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task a_report_on_the_data_folder_of_a_running_server_uses_that_server_and_leaves_it_running()
    {
        var data = Path.Combine(_work, "data");
        await using var api = await EmbeddedPostgresServer.StartAsync(new EmbeddedPostgresOptions { DataDirectory = data }, NullLogger.Instance);

        var report = await ApiProcess.RunAsync(_work,
            new Dictionary<string, string> { ["ClaimsLedger__DataDirectory"] = data, ["ClaimsLedger__LoadSeeds"] = "false" },
            "report", "--subjects", "KZ", "--format", "markdown", "--out", Path.Combine(_work, "kz.md"));

        report.Code.ShouldBe(0, report.Output);
        report.Output.ShouldContain($"already running on {api.DataDirectory}");
        report.Output.ShouldContain($"127.0.0.1:{api.Port}");
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();   // the report's exit did not take the server down
        await using var schema = new NpgsqlCommand("select count(*) from information_schema.schemata where schema_name = 'claimsledger'", connection);
        (await schema.ExecuteScalarAsync()).ShouldBe(1L);   // and it was the report's store
    }

    [Fact]
    public async Task help_starts_no_database_even_with_settings_on_the_command_line()
    {
        var data = Path.Combine(_work, "never-created");

        var help = await ApiProcess.RunAsync(_work, new Dictionary<string, string>(), $"--ClaimsLedger:DataDirectory={data}", "help");

        help.Code.ShouldBe(0, help.Output);
        help.Output.ShouldContain("report");
        Directory.Exists(data).ShouldBeFalse();
    }

    [Fact]
    public async Task missing_postgres_binaries_end_the_start_with_the_one_paragraph_how_to_and_exit_code_2()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_work, "empty-bin")).FullName;

        var run = await ApiProcess.RunAsync(_work,
            new Dictionary<string, string> { ["ClaimsLedger__DataDirectory"] = Path.Combine(_work, "data"), ["ClaimsLedger__PostgresBinDirectory"] = empty },
            "report", "--subjects", "KZ", "--out", Path.Combine(_work, "kz.json"));

        run.Code.ShouldBe(LedgerDatabase.BinariesMissingExitCode, run.Output);
        var message = new PostgresBinariesNotFoundException(empty).Message;
        run.Output.Split('\n').Count(l => l.TrimEnd('\r') == message).ShouldBe(1, run.Output);
        run.Output.ShouldNotContain("   at ");
        run.Output.ShouldNotContain("ERROR");
    }
}

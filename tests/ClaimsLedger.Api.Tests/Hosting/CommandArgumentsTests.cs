using ClaimsLedger.Api.Hosting;

namespace ClaimsLedger.Api.Tests.Hosting;

public sealed class CommandArgumentsTests
{
    [Fact]
    public void Section_settings_go_to_configuration_only_and_the_command_keeps_everything_else()
    {
        string[] args =
        [
            "--ConnectionStrings=", "--ConnectionStrings:Marten=Host=127.0.0.1;Port=5432", "report", "--subjects", "KZ,KG",
            "--as-of=2024-07-01T00:00:00Z", "--ClaimsLedger:LoadSeeds=false", "--environment=Testing", "--urls", "http://127.0.0.1:0",
        ];

        CommandArguments.WithoutSettings(args).ShouldBe(
            ["report", "--subjects", "KZ,KG", "--as-of=2024-07-01T00:00:00Z", "--environment=Testing", "--urls", "http://127.0.0.1:0"]);
    }

    [Fact]
    public void Nothing_but_settings_leaves_no_command_so_the_default_one_runs()
    {
        CommandArguments.WithoutSettings(["--ClaimsLedger:DataDirectory=/srv/ledger"]).ShouldBeEmpty();
    }
}

using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Configuration;

namespace ClaimsLedger.Api.Tests.Access;

/// <summary>A bad setting stops start-up with a line naming it (Program prints each failure on a line of its own).</summary>
public sealed class StartupConfigurationTests
{
    private static IReadOnlyList<string> Failures(LedgerOptions options, string? urls = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Urls"] = urls }).Build();
        var result = new LedgerOptionsValidator(configuration).Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void without_keys_the_api_refuses_to_listen_beyond_loopback_unless_told_it_may()
    {
        Failures(new LedgerOptions(), "http://0.0.0.0:5080").ShouldHaveSingleItem().ShouldContain("Urls");
        Failures(new LedgerOptions(), "http://127.0.0.1:5080;http://[::1]:5080;http://localhost:5081").ShouldBeEmpty();
        Failures(new LedgerOptions { AllowRemoteWithoutKeys = true }, "http://0.0.0.0:5080").ShouldBeEmpty();
    }

    [Fact]
    public void with_keys_it_may_listen_anywhere()
    {
        var keyed = new LedgerOptions { ApiKeys = [new ApiKeyOptions { Name = "ops", Key = new string('k', 32), Role = "admin" }] };

        Failures(keyed, "http://0.0.0.0:5080").ShouldBeEmpty();
    }

    [Fact]
    public void each_unusable_key_entry_is_named()
    {
        var options = new LedgerOptions
        {
            ApiKeys =
            [
                new ApiKeyOptions { Name = "ops", Key = "short", Role = "admin" },
                new ApiKeyOptions { Name = "ana lopez", KeySha256 = new string('a', 64), Role = "analyst" },
                new ApiKeyOptions { Name = "bot", KeySha256 = new string('a', 64), Role = "owner" },
            ],
        };

        var failures = Failures(options);

        failures.ShouldContain(f => f.StartsWith("ClaimsLedger:ApiKeys:0:Key"));
        failures.ShouldContain(f => f.StartsWith("ClaimsLedger:ApiKeys:1:Name"));
        failures.ShouldContain(f => f.StartsWith("ClaimsLedger:ApiKeys:2:Role"));
    }

    [Fact]
    public void the_number_of_reports_built_at_once_is_between_1_and_64()
    {
        Failures(new LedgerOptions { Reports = { MaxConcurrent = 0 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reports:MaxConcurrent");
        Failures(new LedgerOptions { Reports = { MaxConcurrent = 65 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reports:MaxConcurrent");
        Failures(new LedgerOptions { Reports = { MaxConcurrent = 1 } }).ShouldBeEmpty();
    }

    [Fact]
    public void the_read_cache_takes_0_to_1024_megabytes_and_keeps_answers_1_second_to_1_hour()
    {
        Failures(new LedgerOptions { ReadCache = { MaxMegabytes = -1 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:ReadCache:MaxMegabytes");
        Failures(new LedgerOptions { ReadCache = { MaxMegabytes = 1025 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:ReadCache:MaxMegabytes");
        Failures(new LedgerOptions { ReadCache = { Expiration = TimeSpan.Zero } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:ReadCache:Expiration");
        Failures(new LedgerOptions { ReadCache = { MaxMegabytes = 0, Expiration = TimeSpan.FromHours(1) } }).ShouldBeEmpty();
    }

    [Fact]
    public void the_number_of_hot_reads_run_at_once_is_between_1_and_256()
    {
        Failures(new LedgerOptions { Reads = { MaxConcurrent = 0 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reads:MaxConcurrent");
        Failures(new LedgerOptions { Reads = { MaxConcurrent = 257 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reads:MaxConcurrent");
        Failures(new LedgerOptions { Reads = { MaxConcurrent = 1 } }).ShouldBeEmpty();
        Failures(new LedgerOptions { Reads = { MaxConcurrentWholeSubject = 0 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reads:MaxConcurrentWholeSubject ");
        Failures(new LedgerOptions { Reads = { MaxConcurrentWholeSubject = 65 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Reads:MaxConcurrentWholeSubject ");
        Failures(new LedgerOptions { Reads = { MaxConcurrentWholeSubject = 64 } }).ShouldBeEmpty();
        Failures(new LedgerOptions { Rebuild = { MaxConcurrent = 0 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Rebuild:MaxConcurrent");
        Failures(new LedgerOptions { Rebuild = { MaxConcurrent = 9 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:Rebuild:MaxConcurrent");
        Failures(new LedgerOptions { Rebuild = { MaxConcurrent = 1 } }).ShouldBeEmpty();
    }

    [Fact]
    public void the_index_upkeep_runs_every_0_off_to_7_days_and_rebuilds_at_1_2_to_10_times_the_fresh_size()
    {
        Failures(new LedgerOptions { IndexUpkeep = { Every = TimeSpan.Zero, Bloat = 1.2 } }).ShouldBeEmpty();
        Failures(new LedgerOptions { IndexUpkeep = { Every = TimeSpan.FromDays(7), Bloat = 10 } }).ShouldBeEmpty();
        Failures(new LedgerOptions { IndexUpkeep = { Every = TimeSpan.FromSeconds(-1) } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:IndexUpkeep:Every");
        Failures(new LedgerOptions { IndexUpkeep = { Every = TimeSpan.FromDays(8) } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:IndexUpkeep:Every");
        Failures(new LedgerOptions { IndexUpkeep = { Bloat = 1.1 } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:IndexUpkeep:Bloat");
        Failures(new LedgerOptions { IndexUpkeep = { Bloat = double.NaN } }).ShouldHaveSingleItem().ShouldStartWith("ClaimsLedger:IndexUpkeep:Bloat");
    }
}

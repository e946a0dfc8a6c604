using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaimsLedger.EmbeddedPostgres.Tests;

/// <summary>Where the cluster lives, which binaries run it, and what the operator is told when something is wrong.</summary>
[Collection("EmbeddedPostgres")]
public sealed class EmbeddedPostgresSetupTests
{
    [Fact]
    public async Task A_data_folder_the_postgres_user_cannot_reach_is_relocated_the_same_way_every_time()
    {
        if (OperatingSystem.IsWindows()) return;   // Unix permissions and users only
        // A mode-700 parent, like /root: unreachable for the postgres user when the tests run as root.
        using var parent = new TempDataDirectory();
        Directory.CreateDirectory(parent.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(parent.Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var dir = new TempDataDirectory(under: parent.Root);
        var logger = new ListLogger();

        string cluster;
        await using (var first = await EmbeddedPostgresServer.StartAsync(dir.Options, logger))
        {
            dir.Track(first);
            cluster = first.DataDirectory;
            await Sql.ExecuteAsync(first.ConnectionString, "create table kept (v int); insert into kept values (1)");
        }
        Sql.ForgetPools();

        if (Environment.IsPrivilegedProcess)
        {
            cluster.ShouldStartWith(Path.Combine(Path.GetTempPath(), "claimsledger-"));
            cluster.ShouldNotStartWith(dir.Root);
            var home = Path.GetDirectoryName(cluster)!;
            logger.Entries.ShouldContain(e => e.Level == LogLevel.Information && e.Message.Contains(home) && e.Message.Contains(dir.Root));
        }
        else
        {
            cluster.ShouldBe(Path.Combine(dir.Root, "pgdata"));   // our own user reaches it: no relocation
        }

        await using var second = await EmbeddedPostgresServer.StartAsync(dir.Options, NullLogger.Instance);
        second.DataDirectory.ShouldBe(cluster);
        (await Sql.ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe(1);
    }

    [Fact]
    public async Task Tool_failures_report_the_command_exit_code_and_server_log()
    {
        using var dir = new TempDataDirectory();
        string cluster;
        await using (var first = await EmbeddedPostgresServer.StartAsync(dir.Options, NullLogger.Instance))
        {
            dir.Track(first);
            cluster = first.DataDirectory;
        }
        await File.AppendAllTextAsync(Path.Combine(cluster, "postgresql.conf"), "\nno_such_setting_here = 1\n");

        var ex = await Should.ThrowAsync<EmbeddedPostgresException>(() => EmbeddedPostgresServer.StartAsync(dir.Options, NullLogger.Instance));
        ex.Message.ShouldContain("pg_ctl");
        ex.Message.ShouldContain("exited with code 1");
        ex.Message.ShouldContain("no_such_setting_here");
    }

    [Fact]
    public void Locate_finds_the_machine_binaries_when_nothing_is_configured()
    {
        var found = PostgresBinaries.Locate(null);
        found.ShouldNotBeNull();
        File.Exists(Path.Combine(found, "initdb")).ShouldBeTrue();
        File.Exists(Path.Combine(found, "pg_ctl")).ShouldBeTrue();
        File.Exists(Path.Combine(found, "postgres")).ShouldBeTrue();
        PostgresBinaries.Locate("   ").ShouldBe(found);   // a blank setting counts as unset
    }

    [Fact]
    public void Locate_accepts_a_configured_bin_folder_or_the_install_root_above_it()
    {
        var bin = PostgresBinaries.Locate(null)!;
        PostgresBinaries.Locate(bin).ShouldBe(bin);
        PostgresBinaries.Locate(Path.GetDirectoryName(bin)).ShouldBe(bin);
    }

    [Fact]
    public void Locate_rejects_a_configured_folder_without_binaries_instead_of_falling_back()
    {
        using var empty = new TempDataDirectory();
        Directory.CreateDirectory(empty.Root);
        PostgresBinaries.Locate(empty.Root).ShouldBeNull();
        PostgresBinaries.Locate(Path.Combine(empty.Root, "does-not-exist")).ShouldBeNull();
    }

    [Fact]
    public async Task Start_with_a_configured_empty_bin_folder_fails_with_a_one_paragraph_how_to()
    {
        using var empty = new TempDataDirectory();
        Directory.CreateDirectory(empty.Root);
        using var data = new TempDataDirectory();

        var ex = await Should.ThrowAsync<PostgresBinariesNotFoundException>(() =>
            EmbeddedPostgresServer.StartAsync(data.Options with { BinDirectory = empty.Root }, NullLogger.Instance));

        ex.ConfiguredBinDirectory.ShouldBe(empty.Root);
        ex.Message.ShouldNotContain("\n");
        ex.Message.ShouldContain("ConnectionStrings__Marten");
        ex.Message.ShouldContain("apt-get install postgresql");
        ex.Message.ShouldContain(empty.Root);
        Directory.Exists(data.Root).ShouldBeFalse();   // nothing created before the binaries were found
    }

    [Fact]
    public void The_not_found_message_without_configuration_says_where_it_looked()
    {
        var message = new PostgresBinariesNotFoundException(null).Message;
        message.ShouldNotContain("\n");
        message.ShouldContain("ConnectionStrings__Marten");
        message.ShouldContain("PATH");
        message.ShouldContain("/usr/lib/postgresql/*/bin");
    }
}

using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimsLedger.EmbeddedPostgres.Tests;

/// <summary>Real servers from the machine's PostgreSQL binaries, each on its own fresh data folder.</summary>
[Collection("EmbeddedPostgres")]
public sealed class EmbeddedPostgresTests(ITestOutputHelper output)
{
    private ListLogger Log { get; } = new(output);

    [Fact]
    public async Task Starts_on_loopback_with_durable_settings_and_answers_queries()
    {
        using var dir = new TempDataDirectory();
        await using var server = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(server);

        var cs = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        cs.Host.ShouldBe("127.0.0.1");
        cs.Database.ShouldBe("claimsledger");
        cs.Username.ShouldBe(EmbeddedPostgresServer.Superuser);
        cs.Password.ShouldBeNull();
        cs.Port.ShouldBe(server.Port);

        (await Sql.ScalarAsync(server.ConnectionString, "select 1")).ShouldBe(1);
        (await Sql.ScalarAsync(server.ConnectionString, "show fsync")).ShouldBe("on");
        (await Sql.ScalarAsync(server.ConnectionString, "show synchronous_commit")).ShouldBe("on");
        (await Sql.ScalarAsync(server.ConnectionString, "show listen_addresses")).ShouldBe("127.0.0.1");
        (await Sql.ScalarAsync(server.ConnectionString, "show unix_socket_directories")).ShouldBe("");
        (await Sql.ScalarAsync(server.ConnectionString, "show max_connections")).ShouldBe("200");
        // ServerTuning.All, as PostgreSQL shows each with its unit.
        (await Sql.ScalarAsync(server.ConnectionString, "show autovacuum_naptime")).ShouldBe("10s");
        (await Sql.ScalarAsync(server.ConnectionString, "show autovacuum_vacuum_cost_limit")).ShouldBe("1000");
        (await Sql.ScalarAsync(server.ConnectionString, "show log_autovacuum_min_duration")).ShouldBe("1s");
        (await Sql.ScalarAsync(server.ConnectionString, "show random_page_cost")).ShouldBe("1.1");
        (await Sql.ScalarAsync(server.ConnectionString, "show default_toast_compression")).ShouldBe("lz4");
        (await Sql.ScalarAsync(server.ConnectionString, "show max_locks_per_transaction")).ShouldBe("256");
        (await Sql.ScalarAsync(server.ConnectionString, "select pg_encoding_to_char(encoding) from pg_database where datname = current_database()")).ShouldBe("UTF8");
    }

    [Fact]
    public async Task The_server_starts_with_the_tuned_environment()
    {
        if (!OperatingSystem.IsLinux()) return;   // read from /proc
        using var dir = new TempDataDirectory();
        await using var server = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(server);

        // The postmaster pg_ctl started (postmaster.pid names it): glibc reads the variables as it starts,
        // and every backend is forked from it with the settings they made. (A backend's own /proc environ is no witness:
        // PostgreSQL writes its process title over that memory.)
        var postmaster = PostmasterLock.ReadPid(server.DataDirectory)!.Value;
        var environment = (await File.ReadAllTextAsync($"/proc/{postmaster}/environ")).Split('\0');
        foreach (var (name, value) in ServerTuning.Environment) environment.ShouldContain($"{name}={value}");
    }

    [Fact]
    public async Task A_second_start_on_the_same_folder_reuses_the_data()
    {
        using var dir = new TempDataDirectory();
        string firstCluster;
        await using (var first = await EmbeddedPostgresServer.StartAsync(dir.Options, Log))
        {
            dir.Track(first);
            firstCluster = first.DataDirectory;
            await Sql.ExecuteAsync(first.ConnectionString, "create table kept (v text); insert into kept values ('from the first run')");
        }
        Sql.ForgetPools();

        await using var second = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        second.DataDirectory.ShouldBe(firstCluster);
        (await Sql.ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe("from the first run");
    }

    [Fact]
    public async Task Stop_is_idempotent_and_really_stops_the_server()
    {
        using var dir = new TempDataDirectory();
        var server = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(server);
        var pid = PostmasterLock.ReadPid(server.DataDirectory)!.Value;

        await Task.WhenAll(server.StopAsync(), server.StopAsync());
        await server.StopAsync();
        await server.DisposeAsync();

        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
        File.Exists(PostmasterLock.FileIn(server.DataDirectory)).ShouldBeFalse();
        Sql.ForgetPools();
        await Should.ThrowAsync<Exception>(() => Sql.ScalarAsync(server.ConnectionString, "select 1"));
    }

    [Fact]
    public async Task A_server_left_running_by_a_process_that_died_is_joined_and_then_stopped_by_the_last_one_out()
    {
        using var dir = new TempDataDirectory();
        var orphaned = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(orphaned);
        await Sql.ExecuteAsync(orphaned.ConnectionString, "create table kept (v int); insert into kept values (42)");
        var pid = PostmasterLock.ReadPid(orphaned.DataDirectory)!.Value;
        Sql.ForgetPools();
        // As if its owner had been killed: the only lease names a process that is gone.
        foreach (var lease in Directory.GetFiles(orphaned.LeaseFolder)) File.Delete(lease);
        Leases.LeaveOneForADeadProcess(orphaned.LeaseFolder);

        var logger = new ListLogger(output);
        await using (var second = await EmbeddedPostgresServer.StartAsync(dir.Options, logger))
        {
            second.JoinedRunningServer.ShouldBeTrue();
            second.Port.ShouldBe(orphaned.Port);
            PostmasterLock.ReadPid(second.DataDirectory).ShouldBe(pid);
            (await Sql.ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe(42);
            logger.Entries.ShouldContain(e => e.Message.Contains("already running"));
        }
        Sql.ForgetPools();

        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
        Directory.GetFiles(orphaned.LeaseFolder).ShouldBeEmpty();
        await orphaned.StopAsync();   // its server is gone and its lease with it: a no-op, not an error
    }

    [Fact]
    public async Task Recovers_from_a_stale_postmaster_pid_whose_process_is_dead()
    {
        using var dir = new TempDataDirectory();
        string cluster;
        await using (var first = await EmbeddedPostgresServer.StartAsync(dir.Options, Log))
        {
            dir.Track(first);
            cluster = first.DataDirectory;
        }
        Sql.ForgetPools();

        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await gone.WaitForExitAsync();
            // The layout postgres writes: pid, data folder, start time, port, socket folder, listen address, shmem key, status.
            await File.WriteAllTextAsync(PostmasterLock.FileIn(cluster),
                $"{gone.Id}\n{cluster}\n1700000000\n5432\n\n127.0.0.1\n  1234567     98304\nready   \n");
        }

        await using var second = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        (await Sql.ScalarAsync(second.ConnectionString, "select 1")).ShouldBe(1);
        Log.Entries.ShouldContain(e => e.Message.Contains("Removing stale"));
    }

    [Fact]
    public async Task Recovers_after_the_server_itself_was_killed()
    {
        using var dir = new TempDataDirectory();
        var crashed = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(crashed);
        await Sql.ExecuteAsync(crashed.ConnectionString, "create table kept (v int); insert into kept values (7)");
        Sql.ForgetPools();
        var pid = PostmasterLock.ReadPid(crashed.DataDirectory)!.Value;

        using (var postmaster = Process.GetProcessById(pid)) postmaster.Kill();   // SIGKILL: lock file stays behind
        for (var i = 0; i < 100 && ProcessLiveness.IsAlive(pid); i++) await Task.Delay(50);
        File.Exists(PostmasterLock.FileIn(crashed.DataDirectory)).ShouldBeTrue();

        await using var second = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        (await Sql.ScalarAsync(second.ConnectionString, "select v from kept")).ShouldBe(7);
        Log.Entries.ShouldContain(e => e.Message.Contains("Removing stale"));
        await crashed.StopAsync();   // its server is long gone: a no-op, not an error
    }
}

using Xunit.Abstractions;

namespace ClaimsLedger.EmbeddedPostgres.Tests;

/// <summary>
/// One data folder, one server, many users: each instance here stands for a process (the API, the CLI, a second API)
/// on the same folder. Real servers; the leases of other processes are real files.
/// </summary>
[Collection("EmbeddedPostgres")]
public sealed class SharedServerTests(ITestOutputHelper output)
{
    private ListLogger Log { get; } = new(output);

    [Fact]
    public async Task A_second_instance_joins_the_running_server_and_the_first_stop_leaves_it_running_for_the_second()
    {
        using var dir = new TempDataDirectory();
        var first = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(first);
        var pid = PostmasterLock.ReadPid(first.DataDirectory)!.Value;
        var second = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);

        first.JoinedRunningServer.ShouldBeFalse();
        second.JoinedRunningServer.ShouldBeTrue();
        second.Port.ShouldBe(first.Port);
        second.ConnectionString.ShouldBe(first.ConnectionString);
        PostmasterLock.ReadPid(second.DataDirectory).ShouldBe(pid);
        await Sql.ExecuteAsync(first.ConnectionString, "create table shared (v text); insert into shared values ('written by the first')");

        await first.StopAsync();
        Sql.ForgetPools();
        ProcessLiveness.IsAlive(pid).ShouldBeTrue();
        (await Sql.ScalarAsync(second.ConnectionString, "select v from shared")).ShouldBe("written by the first");
        Log.Entries.ShouldContain(e => e.Message.Contains("still used by"));

        await second.StopAsync();
        Sql.ForgetPools();
        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
        File.Exists(PostmasterLock.FileIn(second.DataDirectory)).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_instances_starting_at_once_on_a_fresh_folder_share_one_server()
    {
        using var dir = new TempDataDirectory();
        var both = await Task.WhenAll(
            Task.Run(() => EmbeddedPostgresServer.StartAsync(dir.Options, Log)),
            Task.Run(() => EmbeddedPostgresServer.StartAsync(dir.Options, Log)));
        dir.Track(both[0]);
        var pid = PostmasterLock.ReadPid(both[0].DataDirectory)!.Value;

        both[1].Port.ShouldBe(both[0].Port);
        both.Count(s => s.JoinedRunningServer).ShouldBe(1);
        (await Sql.ScalarAsync(both[1].ConnectionString, "select 1")).ShouldBe(1);

        await Task.WhenAll(both.Select(s => s.StopAsync()));
        Sql.ForgetPools();
        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
    }

    [Fact]
    public async Task The_last_one_out_stops_the_server_even_after_it_was_restarted_from_outside()
    {
        using var dir = new TempDataDirectory();
        var first = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(first);
        var second = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        var before = PostmasterLock.ReadPid(first.DataDirectory)!.Value;

        // What an operator would do: pg_ctl restart as the server's own user. It keeps the options (and so the port).
        var restart = await PgCtlAsync(first.DataDirectory, "-m", "fast", "-w", "-t", "60",
            "-l", Path.Combine(first.DataDirectory, "log", "server.log"), "restart");
        restart.Succeeded.ShouldBeTrue(restart.StdErr + restart.StdOut);
        var after = PostmasterLock.ReadPid(first.DataDirectory)!.Value;
        after.ShouldNotBe(before);
        Sql.ForgetPools();

        await first.StopAsync();
        ProcessLiveness.IsAlive(after).ShouldBeTrue();
        (await Sql.ScalarAsync(second.ConnectionString, "select 1")).ShouldBe(1);

        await second.StopAsync();
        Sql.ForgetPools();
        ProcessLiveness.IsAlive(after).ShouldBeFalse();
        File.Exists(PostmasterLock.FileIn(first.DataDirectory)).ShouldBeFalse();
    }

    [Fact]
    public async Task A_lease_left_by_a_process_that_died_does_not_keep_the_server_running()
    {
        using var dir = new TempDataDirectory();
        var server = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(server);
        var pid = PostmasterLock.ReadPid(server.DataDirectory)!.Value;
        Leases.LeaveOneForADeadProcess(server.LeaseFolder);

        await server.StopAsync();
        Sql.ForgetPools();

        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
        Directory.GetFiles(server.LeaseFolder).ShouldBeEmpty();
        Log.Entries.ShouldContain(e => e.Message.Contains("Removing the lease of process"));
    }

    [Fact]
    public async Task A_lease_whose_pid_was_recycled_by_another_process_does_not_keep_the_server_running()
    {
        using var dir = new TempDataDirectory();
        var server = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(server);
        var pid = PostmasterLock.ReadPid(server.DataDirectory)!.Value;
        // A live pid (this very process) with a start time that is not its own: the lease's process is gone.
        new ClusterLeases(server.LeaseFolder).Take(Environment.ProcessId, DateTime.UtcNow.AddDays(-3));

        await server.StopAsync();
        Sql.ForgetPools();

        ProcessLiveness.IsAlive(pid).ShouldBeFalse();
    }

    [Fact]
    public async Task A_server_that_no_longer_answers_is_replaced_on_the_same_port_and_the_data_kept()
    {
        if (OperatingSystem.IsWindows()) return;   // SIGSTOP
        using var dir = new TempDataDirectory();
        var first = await EmbeddedPostgresServer.StartAsync(dir.Options, Log);
        dir.Track(first);
        await Sql.ExecuteAsync(first.ConnectionString, "create table kept (v int); insert into kept values (3)");
        Sql.ForgetPools();
        var hung = PostmasterLock.ReadPid(first.DataDirectory)!.Value;
        (await RunAsync("kill", "-STOP", hung.ToString())).Succeeded.ShouldBeTrue();

        await using (var second = await EmbeddedPostgresServer.StartAsync(dir.Options with { AttachTimeout = TimeSpan.FromSeconds(2) }, Log))
        {
            second.JoinedRunningServer.ShouldBeFalse();
            second.Port.ShouldBe(first.Port);
            PostmasterLock.ReadPid(second.DataDirectory).ShouldNotBe(hung);
            ProcessLiveness.IsAlive(hung).ShouldBeFalse();
            (await Sql.ScalarAsync(first.ConnectionString, "select v from kept")).ShouldBe(3);   // the first's string still works
            Log.Entries.ShouldContain(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("did not answer"));
            await first.StopAsync();
        }
        Sql.ForgetPools();
    }

    private static async Task<ProcessResult> PgCtlAsync(string pgdata, params string[] arguments)
    {
        var account = await ServerAccount.DetectAsync(CancellationToken.None);
        var pgCtl = PostgresBinaries.ToolPath(PostgresBinaries.Locate(null)!, "pg_ctl");
        return await account.RunAsync(pgCtl, ["-D", pgdata, .. arguments], CancellationToken.None, TimeSpan.FromMinutes(2));
    }

    private static Task<ProcessResult> RunAsync(string tool, params string[] arguments) =>
        ProcessRunner.RunAsync(tool, arguments, TimeSpan.FromSeconds(30), CancellationToken.None);
}

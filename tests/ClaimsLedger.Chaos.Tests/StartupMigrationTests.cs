using System.Diagnostics;
using ClaimsLedger.Chaos.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace ClaimsLedger.Chaos.Tests;

/// <summary>
/// Nodes of a rollout start together and take turns at the start-up migration, under Marten's advisory lock. A node that
/// finds the lock held must wait for whoever holds it, however slow that migration is on a loaded machine: neither crash
/// (Marten's own wait is 10 s) nor start against a schema still being changed.
/// </summary>
[Trait("Category", "Slow")]
public sealed class StartupMigrationTests(ITestOutputHelper output) : IAsyncLifetime
{
    // Marten's ApplyChangesLockId, which MartenSetup leaves at its default. Were it another, the node below would not wait
    // on this lock, and the test says so.
    private const long MartenMigrationLock = 4004;
    // Twice Marten's own 10 s wait for the lock.
    private static readonly TimeSpan Held = TimeSpan.FromSeconds(20);
    private ChaosPostgres _postgres = null!;
    private ApiNode _node = null!;

    public async Task InitializeAsync()
    {
        _postgres = await ChaosPostgres.StartAsync();
        _node = new ApiNode("node", _postgres.ConnectionString);
    }

    [Fact(Timeout = 180_000)]
    public async Task A_node_waits_for_a_migration_that_holds_the_lock_longer_than_Martens_default_and_then_serves()
    {
        // Another node's migration, on an empty database: nothing exists until the lock is let go.
        var unpooled = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Pooling = false }.ConnectionString;
        await using var migrating = new NpgsqlConnection(unpooled);
        await migrating.OpenAsync();
        await using (var take = new NpgsqlCommand($"select pg_advisory_lock({MartenMigrationLock})", migrating)) await take.ExecuteNonQueryAsync();

        var clock = Stopwatch.StartNew();
        var starting = _node.StartAsync(liveTimeout: Held + TimeSpan.FromSeconds(90));
        var first = await Task.WhenAny(starting, Task.Delay(Held));
        if (first == starting)
        {
            await starting; // a crash shows its own output
            Assert.Fail($"The node was live after {clock.Elapsed.TotalSeconds:0.0} s while another held the migration lock: " +
                        $"it did not wait on lock {MartenMigrationLock}.\n{_node.Tail()}");
        }
        _node.IsRunning.ShouldBeTrue($"The node gave up while another node held the migration lock.\n{_node.Tail()}");
        await using (var release = new NpgsqlCommand($"select pg_advisory_unlock({MartenMigrationLock})", migrating)) await release.ExecuteNonQueryAsync();
        await starting;
        output.WriteLine($"live {clock.Elapsed.TotalSeconds:0.0} s after it started");

        // It migrated once it had the lock: the schema is there and writes go through.
        await Ledger.RegisterSourcesAsync(_node);
        var registered = await _postgres.QueryAsync("select count(*) from claimsledger.mt_streams");
        ((long)registered[0][0]!).ShouldBeGreaterThan(0);
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}

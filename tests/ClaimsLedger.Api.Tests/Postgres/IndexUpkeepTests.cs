using ClaimsLedger.Api.Observability;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// The index upkeep on a schema of its own, shaped like the ledger's tables: a subject-keyed index written in ascending
/// positions within each subject (half-full pages), and one keyed by hashes arriving in random order (about 70 % full).
/// </summary>
public sealed class IndexUpkeepTests(LedgerFixture fixture) : LedgerTest(fixture), IAsyncLifetime
{
    private readonly string _schema = $"index_upkeep_{Guid.NewGuid():N}";

    private const string Subjects = "ix_probe_subject_position";
    private const string Hashes = "ix_probe_hash";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await base.InitializeAsync();
        // 60,000 rows over 40 subjects, each subject's positions ascending: every insert lands at the end of its subject's range.
        await Fixture.ExecuteSqlAsync($"""
            create schema {_schema};
            create table {_schema}.probe (subject varchar, position bigint, hash varchar, label varchar);
            create index {Subjects} on {_schema}.probe (subject, position) include (label);
            create unique index {Hashes} on {_schema}.probe (hash);
            insert into {_schema}.probe select 's' || (g % 40), g, md5(g::text), 'label ' || g from generate_series(1, 60000) g;
            analyze {_schema}.probe;
            """);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Fixture.ExecuteSqlAsync($"drop schema if exists {_schema} cascade; drop schema if exists {RebuildStore.Schema}_upkeep_probe");
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_half_empty_index_is_rebuilt_to_its_estimated_fresh_size_under_its_own_name_and_the_random_one_is_left_alone()
    {
        var definition = await DefinitionAsync(Subjects);
        var before = await EstimatesAsync();
        var hashPages = before[Hashes].Pages;
        // Half-full pages: about 1.8 times the fresh size; the hashes' ~70 % about 1.3.
        ((double)before[Subjects].Pages).ShouldBeGreaterThan(1.5 * before[Subjects].FreshPages);
        ((double)before[Hashes].Pages).ShouldBeLessThan(1.5 * before[Hashes].FreshPages);

        using var durations = new MetricCollector<double>(null, Telemetry.LedgerMeter, "claimsledger.indexes.rebuild.duration");
        using var freed = new MetricCollector<long>(null, Telemetry.LedgerMeter, "claimsledger.indexes.rebuild.freed");

        var round = await RunAsync();

        round.Skipped.ShouldBeNull();
        var rebuilt = round.Rebuilt.ShouldHaveSingleItem();
        // What an operator's metrics see: the rebuild's duration and the bytes it gave back, tagged with the index.
        durations.GetMeasurementSnapshot().Where(m => Equals(m.Tags["index"], Subjects)).ShouldHaveSingleItem().Value.ShouldBe(rebuilt.Took.TotalSeconds);
        freed.GetMeasurementSnapshot().Where(m => Equals(m.Tags["index"], Subjects)).ShouldHaveSingleItem().Value
            .ShouldBe((rebuilt.PagesBefore - rebuilt.PagesAfter) * 8192);
        rebuilt.Index.ShouldBe(Subjects);
        rebuilt.PagesBefore.ShouldBe(before[Subjects].Pages);
        rebuilt.PagesAfter.ShouldBeLessThan((long)(0.65 * rebuilt.PagesBefore));
        // The estimate is what a fresh build takes, within a tenth.
        rebuilt.PagesAfter.ShouldBeInRange((long)(0.9 * before[Subjects].FreshPages), (long)(1.1 * before[Subjects].FreshPages));
        (await DefinitionAsync(Subjects)).ShouldBe(definition);
        (await Fixture.ScalarAsync<bool>($"select indisvalid from pg_index where indexrelid = '{_schema}.{Subjects}'::regclass")).ShouldBeTrue();
        (await EstimatesAsync())[Hashes].Pages.ShouldBe(hashPages);
        // The rebuilt index answers as before: a subject's latest positions.
        (await Fixture.ScalarAsync<long>($"select max(position) from {_schema}.probe where subject = 's7'")).ShouldBe(59967);

        // Fresh, it is not due again.
        (await RunAsync()).Rebuilt.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_invalid_copy_an_interrupted_reindex_left_is_dropped_and_a_valid_index_of_a_like_name_is_kept()
    {
        // A build that failed (duplicate subjects) leaves an invalid index, as a cut-off REINDEX CONCURRENTLY leaves its copy.
        await Should.ThrowAsync<PostgresException>(() => Fixture.ExecuteSqlAsync($"create unique index concurrently {Subjects}_ccnew on {_schema}.probe (subject)"));
        await Fixture.ExecuteSqlAsync($"create index {Hashes}_ccold on {_schema}.probe (hash)");
        (await IndexesAsync()).ShouldContain($"{Subjects}_ccnew");

        var round = await RunAsync(bloat: 10);

        round.LeftoversDropped.ShouldBe([$"{Subjects}_ccnew"]);
        round.Rebuilt.ShouldBeEmpty();
        var indexes = await IndexesAsync();
        indexes.ShouldNotContain($"{Subjects}_ccnew");
        indexes.ShouldContain($"{Hashes}_ccold");
    }

    [Fact]
    public async Task Nothing_is_rebuilt_while_a_projection_rebuild_has_tables_beside_the_live_ones()
    {
        var pages = (await EstimatesAsync())[Subjects].Pages;
        await Fixture.ExecuteSqlAsync($"create schema {RebuildStore.Schema}_upkeep_probe");

        var round = await RunAsync();

        round.Skipped.ShouldBe("a projection rebuild is running");
        round.Rebuilt.ShouldBeEmpty();
        (await EstimatesAsync())[Subjects].Pages.ShouldBe(pages);

        await Fixture.ExecuteSqlAsync($"drop schema {RebuildStore.Schema}_upkeep_probe");
        (await RunAsync()).Rebuilt.ShouldHaveSingleItem().Index.ShouldBe(Subjects);
    }

    [Fact]
    public async Task One_node_keeps_the_indexes_at_a_time()
    {
        // Another node's session: when it ends (closed, unpooled, as when a node dies) its lock goes with it.
        await using var other = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Fixture.ConnectionString) { Pooling = false }.ConnectionString);
        await other.OpenAsync();
        await using (var hold = new NpgsqlCommand("select pg_advisory_lock(hashtext($1), hashtext('index upkeep'))", other) { Parameters = { new() { Value = _schema } } })
            await hold.ExecuteNonQueryAsync();

        var round = await RunAsync();

        round.Skipped.ShouldBe("another node is keeping the indexes");
        round.Rebuilt.ShouldBeEmpty();
        await other.CloseAsync();
        (await RunAsync()).Rebuilt.ShouldHaveSingleItem().Index.ShouldBe(Subjects);
    }

    [Fact]
    public async Task A_reindex_that_waits_too_long_for_its_table_gives_up_and_the_next_round_does_it()
    {
        // A transaction holding the table as a rebuild's swap or an ALTER would: the reindex waits its lock timeout, then
        // fails (the upkeep logs it) while the round goes on, leaving no copy behind and the lock free for the next round.
        // A second table with an index as bloated, which the round still rebuilds.
        await Fixture.ExecuteSqlAsync($"""
            create table {_schema}.other (subject varchar, position bigint, label varchar);
            create index ix_other_subject_position on {_schema}.other (subject, position) include (label);
            insert into {_schema}.other select 's' || (g % 40), g, 'label ' || g from generate_series(1, 30000) g;
            analyze {_schema}.other;
            """);
        await using var other = new NpgsqlConnection(Fixture.ConnectionString);
        await other.OpenAsync();
        await using (var hold = await other.BeginTransactionAsync())
        {
            await new NpgsqlCommand($"lock table {_schema}.probe in share update exclusive mode", other, hold).ExecuteNonQueryAsync();

            var round = await RunAsync();

            round.Rebuilt.ShouldHaveSingleItem().Index.ShouldBe("ix_other_subject_position");
            round.Failed.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
                f => f.Index.ShouldBe(Subjects),
                f => f.Error.ShouldStartWith("55P03"));

            await hold.RollbackAsync();
        }
        (await IndexesAsync()).ShouldBe([Subjects, Hashes, "ix_other_subject_position"], ignoreOrder: true);
        (await RunAsync()).Rebuilt.ShouldHaveSingleItem().Index.ShouldBe(Subjects);
    }

    [Fact]
    public void A_fresh_build_is_sized_from_the_columns_as_PostgreSQL_lays_them_out()
    {
        // (varchar of 3 bytes, bigint): 8-byte header, 3 bytes, padded to 8 for the bigint, 8: 24, and a 4-byte line pointer.
        // 10,000 tuples of 28 bytes at 90 % of 8,152 bytes: 39 leaves, a metapage and one inner page.
        BloatEstimate.FreshPages(10_000, [new BloatEstimate.Column(-1, 'i', 3, 0), new BloatEstimate.Column(8, 'd', 8, 0)], 90).ShouldBe(41);
        // A nullable column adds the null bitmap: the header takes 16.
        BloatEstimate.FreshPages(10_000, [new BloatEstimate.Column(-1, 'i', 3, 0), new BloatEstimate.Column(8, 'd', 8, 0.5)], 90)!.Value.ShouldBeGreaterThan(41);
        // An expression or a column without statistics: no estimate.
        BloatEstimate.FreshPages(10_000, [new BloatEstimate.Column(-1, 'i', 3, 0), BloatEstimate.Column.Unknown], 90).ShouldBeNull();
    }

    private Task<IndexUpkeep.Round> RunAsync(double bloat = 1.5) => IndexUpkeep.RunAsync(Fixture.Store, _schema, bloat, CancellationToken.None);

    private async Task<Dictionary<string, IndexUpkeep.Estimate>> EstimatesAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        return (await IndexUpkeep.EstimateAsync(connection, _schema, CancellationToken.None)).ToDictionary(e => e.Index);
    }

    private async Task<string> DefinitionAsync(string index) =>
        (await Fixture.ScalarAsync<string>($"select pg_get_indexdef('{_schema}.{index}'::regclass)"))!;

    private Task<List<string>> IndexesAsync() =>
        Fixture.RowsAsync($"select indexname from pg_indexes where schemaname = '{_schema}'", r => r.GetString(0));
}

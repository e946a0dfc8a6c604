using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// The async projections are rebuilt side by side, each into a schema of its own (<see cref="RebuildStore.SchemaFor"/>),
/// and swapped in one at a time; the first to fail fails the rebuild, under its own name, and stops the others.
/// </summary>
public sealed class SideBySideRebuildTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task both_async_projections_replay_at_once_and_the_first_failure_is_the_rebuilds_error()
    {
        await Fixture.SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 60);
        await Fixture.WaitForProjectionsAsync();

        // A reader holding both projections' live tables: neither swap can take them (three tries of two seconds each), so
        // both rebuilt schemas stand until one of them gives up.
        await using var reader = new NpgsqlConnection(Fixture.ConnectionString);
        await reader.OpenAsync();
        var holding = await reader.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand(
                         $"select (select count(*) from {MartenSetup.Schema}.mt_doc_alignmentchange), (select count(*) from {MartenSetup.Schema}.mt_doc_contradiction)",
                         reader, holding))
            await hold.ExecuteNonQueryAsync();

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        var mostAtOnce = 0;
        RebuildStatus finished;
        while (true)
        {
            mostAtOnce = Math.Max(mostAtOnce, (await Fixture.RebuildSchemasAsync()).Count);
            var status = (await Api.Get(accepted.Headers.Location!.ToString())).As<RebuildStatus>();
            if (status.State != "running") { finished = status; break; }
            await Task.Delay(20);
        }
        await holding.RollbackAsync();

        mostAtOnce.ShouldBe(2, "the alignment and the contradictions should be replayed side by side");
        finished.State.ShouldBe("failed", finished.ToString());
        finished.Error.ShouldNotBeNull();
        (finished.Error.StartsWith($"{AlignmentProjection.Name}: ") || finished.Error.StartsWith($"{ContradictionProjection.Name}: "))
            .ShouldBeTrue($"the failure should name the projection that failed first, not the one it stopped: {finished.Error}");
        finished.Error.ShouldContain("lock");
        (await Fixture.RebuildSchemasAsync()).ShouldBeEmpty();

        // Both live projections go on: a claim written now reaches the alignment and the contradictions.
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "after-the-failure"))).Code.ShouldBe(201);
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("after-the-failure"))).Code.ShouldBe(201);
        await Fixture.WaitForProjectionsAsync();
    }

    [Fact]
    public async Task a_rebuild_drops_the_schemas_rebuilds_cut_off_by_a_crash_left_behind()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
        foreach (var schema in new[] { RebuildStore.Schema, RebuildStore.SchemaFor(ContradictionProjection.Name) })
            await Fixture.ExecuteSqlAsync($"create schema if not exists {schema}; create table if not exists {schema}.mt_doc_leftover (id int)");

        var (_, finished) = await Api.RebuildAsync(new { projections = new[] { AlignmentProjection.Name } });

        finished.State.ShouldBe("completed", finished.ToString());
        (await Fixture.RebuildSchemasAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_older_ledgers_pair_index_on_claim_ids_is_dropped_at_start_and_not_rebuilt()
    {
        await Fixture.SeedAsync();
        await Fixture.WaitForProjectionsAsync();
        // The pairs' table as ledgers kept it before pairs were found by their ids: their claims in a column of their own, under
        // a GIN index that every new pair wrote two random pages of.
        await Fixture.ExecuteSqlAsync($"alter table {MartenSetup.Schema}.mt_doc_contradiction add column claim_ids varchar[]; " +
            $"create index mt_doc_contradiction_idx_claim_ids on {MartenSetup.Schema}.mt_doc_contradiction using gin (claim_ids) with (fastupdate = off)");
        (await PairIndexAndColumnAsync()).ShouldBe(2);

        // What the host runs at start (MartenSetup: ApplyAllDatabaseChangesOnStartup).
        await Fixture.Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        (await PairIndexAndColumnAsync()).ShouldBe(0);

        var (_, finished) = await Api.RebuildAsync(new { projections = new[] { ContradictionProjection.Name } });

        finished.State.ShouldBe("completed", finished.ToString());
        (await PairIndexAndColumnAsync()).ShouldBe(0, "the swapped-in table should be built as the live one is");
        (await Api.Get("/api/contradictions?pageSize=1")).As<Paged<ContradictionView>>().Total.ShouldBeGreaterThan(0);
    }

    /// <summary>How many of the old claim_ids column and its index the live pairs' table has.</summary>
    private async Task<long> PairIndexAndColumnAsync() =>
        await Fixture.ScalarAsync<long>(
            $"select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = '{MartenSetup.Schema}' " +
            "and c.relname = 'mt_doc_contradiction_idx_claim_ids'")
        + await Fixture.ScalarAsync<long>(
            $"select count(*) from information_schema.columns where table_schema = '{MartenSetup.Schema}' and table_name = 'mt_doc_contradiction' " +
            "and column_name = 'claim_ids'");
}

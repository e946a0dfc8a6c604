using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.DependencyInjection;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;
using Xunit.Abstractions;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// The alignment is rebuilt into tables beside the live ones and swapped in when caught up, so a reader never sees a
/// partial alignment: before the swap it reads the live tables, after it the rebuilt ones, each whole.
/// </summary>
public sealed class BlueGreenRebuildTests(LedgerFixture fixture, ITestOutputHelper output) : LedgerTest(fixture)
{
    private const string Subject = "KZ";
    private static readonly object AlignmentOnly = new { projections = new[] { AlignmentProjection.Name } };

    [Fact]
    public async Task reads_throughout_a_rebuild_see_the_alignment_exactly_as_it_was()
    {
        await BulkLedger.AppendAsync(Fixture.Store, claims: 5000);
        await Fixture.WaitForProjectionsAsync();
        var before = await AlignmentReads.ReadAsync(Api, Subject);
        var kg = await AlignmentReads.ReadAsync(Api, "KG");
        await DamageLiveAlignmentAsync("KG");

        var (reads, finished) = await AlignmentReads.ThroughoutAsync(Api, Subject, async () => (await Api.RebuildAsync(AlignmentOnly)).Finished);

        finished.State.ShouldBe("completed", finished.ToString());
        finished.Processed.ShouldBe(finished.Total);
        output.WriteLine($"{reads.Count} reads during a rebuild of {finished.Total} positions");
        reads.Count.ShouldBeGreaterThan(10);
        reads.ShouldAllBe(r => r == before);
        // The rebuilt tables replaced the live ones: the damage is gone, and so is the rebuild's schema.
        (await AlignmentReads.ReadAsync(Api, "KG")).ShouldBe(kg);
        (await Fixture.RebuildSchemasAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_blue_green_rebuild_writes_the_documents_martens_own_rebuild_in_place_writes()
    {
        await BulkLedger.AppendAsync(Fixture.Store, claims: 5000);
        await Fixture.WaitForProjectionsAsync();
        var daemon = Fixture.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();

        await daemon.RebuildProjectionAsync(AlignmentProjection.Name, TimeSpan.FromMinutes(5), CancellationToken.None);
        await daemon.StartAgentAsync($"{AlignmentProjection.Name}:All", CancellationToken.None);
        var marten = await ReadModels.SnapshotAsync(Fixture.Store);
        var (_, finished) = await Api.RebuildAsync(AlignmentOnly);

        finished.State.ShouldBe("completed", finished.ToString());
        var rebuilt = await ReadModels.SnapshotAsync(Fixture.Store);
        foreach (var key in marten.Keys) rebuilt[key].ShouldBe(marten[key], key);
        marten[nameof(ContributionSpan)].ShouldNotBe("[]");
    }

    [Fact]
    public async Task reads_during_a_rebuild_with_new_claims_see_the_alignment_before_or_after_each_claim_never_between()
    {
        await BulkLedger.AppendAsync(Fixture.Store, claims: 5000);
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "live"))).Code.ShouldBe(201);
        await Fixture.WaitForProjectionsAsync();
        var before = await AlignmentReads.ReadAsync(Api, Subject);
        var recorded = new List<DateTimeOffset>();
        using var rebuilding = new CancellationTokenSource();

        var writer = Task.Run(async () =>
        {
            for (var i = 0; !rebuilding.IsCancellationRequested; i++)
            {
                (await Api.Post("/api/claims", LiveClaim(i))).Code.ShouldBe(201);
                recorded.Add(Fixture.Clock.GetUtcNow());
            }
        });
        var (reads, finished) = await AlignmentReads.ThroughoutAsync(Api, Subject, async () =>
        {
            try { return (await Api.RebuildAsync(AlignmentOnly)).Finished; }
            finally { await rebuilding.CancelAsync(); }
        });
        await writer;
        await Fixture.WaitForProjectionsAsync();

        finished.State.ShouldBe("completed", finished.ToString());
        recorded.Count.ShouldBeGreaterThan(0);
        // Each claim's alignment, read back by record time after the rebuild: every state a reader may have seen.
        var states = new HashSet<AlignmentReads.Seen> { before };
        foreach (var at in recorded) states.Add(await AlignmentReads.ReadAsync(Api, Subject, at));
        output.WriteLine($"{reads.Count} reads, {recorded.Count} claims recorded during the rebuild, {reads.Distinct().Count()} states seen");
        // Each part of a read is one query and shows one state: the one before the rebuild or one after some claim.
        foreach (var part in AlignmentReads.Seen.Parts)
        {
            var seen = states.Select(part).ToHashSet();
            reads.Select(part).Where(p => !seen.Contains(p)).ShouldBeEmpty();
        }
        (await AlignmentReads.ReadAsync(Api, Subject)).ShouldBe(await AlignmentReads.ReadAsync(Api, Subject, recorded[^1]));
    }

    [Fact]
    public async Task claims_recorded_after_a_blue_green_rebuild_reach_the_alignment()
    {
        await BulkLedger.AppendAsync(Fixture.Store, claims: 500);
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "live"))).Code.ShouldBe(201);
        await Fixture.WaitForProjectionsAsync();
        var claims = (await Api.Get($"/api/alignments/{Subject}")).As<AlignmentView>().ClaimCount;

        await Api.RebuildAsync(AlignmentOnly);
        (await Api.Post("/api/claims", LiveClaim(1))).Code.ShouldBe(201);
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get($"/api/alignments/{Subject}")).As<AlignmentView>().ClaimCount.ShouldBe(claims + 1);
    }

    private static object LiveClaim(int i) => new
    {
        subject = Subject,
        statement = $"Live finding {i} on Kazakh trade.",
        effects = new object[] { new { power = new[] { "CN", "RU", "TR", "US", "EU" }[i % 5], dimension = "economic", direction = "toward", strength = 1 + i % 3 } },
        validTime = $"{1990 + i}",
        evidence = Samples.Evidence("live", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
        confidence = 0.7,
    };

    /// <summary>What a projection bug would leave: a live alignment that the events do not support.</summary>
    private async Task DamageLiveAlignmentAsync(string subject)
    {
        await using var session = Fixture.Store.LightweightSession();
        var alignment = (await session.LoadAsync<SubjectAlignment>(subject)).ShouldNotBeNull();
        alignment.Cells = new AlignmentCells();
        alignment.Normalize();
        session.Store(alignment);
        await session.SaveChangesAsync();
        // Behind the projections' back: their positions did not move, so the read cache must be told.
        await Fixture.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(ProjectedReadCache.Tag, CancellationToken.None);
        (await AlignmentReads.ReadAsync(Api, subject)).Cells.ShouldContain("\"ClaimCount\":0");
    }

    [Fact]
    public async Task the_tables_pages_scan_are_vacuumed_early_and_stay_so_after_a_swap()
    {
        string[] tables = ["mt_doc_claimdetails", "mt_doc_alignmentchange", "mt_doc_contributionspan", "mt_doc_contradiction"];
        (await VacuumScaleFactorsAsync(tables)).ShouldBe(tables.Select(_ => "0.02").ToArray());

        await BulkLedger.AppendAsync(Fixture.Store, claims: 200);
        await Fixture.WaitForProjectionsAsync();
        var (_, finished) = await Api.RebuildAsync(AlignmentOnly);

        finished.State.ShouldBe("completed", finished.ToString());
        (await VacuumScaleFactorsAsync(tables)).ShouldBe(tables.Select(_ => "0.02").ToArray());
    }

    private async Task<string?[]> VacuumScaleFactorsAsync(string[] tables)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        var factors = new List<string?>();
        foreach (var table in tables)
        {
            await using var query = new Npgsql.NpgsqlCommand(
                "select option_value from pg_class c join pg_namespace n on n.oid = c.relnamespace, pg_options_to_table(c.reloptions) " +
                $"where n.nspname = '{MartenSetup.Schema}' and c.relname = '{table}' and option_name = 'autovacuum_vacuum_scale_factor'", connection);
            factors.Add((string?)await query.ExecuteScalarAsync());
        }
        return [.. factors];
    }
}

using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using Marten;

namespace ClaimsLedger.Api.Tests.Admin;

public sealed class RebuildProjectionsTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private Task SeedAsync() => Fixture.SeedAsync();

    [Fact]
    public async Task a_rebuild_is_accepted_and_its_status_moves_to_completed_with_processed_equal_to_total()
    {
        await SeedAsync();
        await Fixture.WaitForProjectionsAsync();

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);

        accepted.Code.ShouldBe(202, accepted.Body);
        var location = accepted.Headers.Location!.ToString();
        var status = accepted.As<RebuildStatus>();
        location.ShouldBe($"/api/admin/projections/rebuilds/{status.Id}");
        status.State.ShouldBeOneOf("running", "completed");
        status.RequestedBy.ShouldBe(RebuildTestSupport.Operator);
        var finished = await Api.UntilFinishedAsync(location);
        finished.State.ShouldBe("completed", finished.ToString());
        finished.Total.ShouldBeGreaterThan(0);
        finished.Processed.ShouldBe(finished.Total);
        finished.Projections.ShouldBe(RebuildableProjections.Of(Fixture.Store).Select(p => p.Name));
        finished.FinishedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(finished.StartedAt);
        finished.StartedAt.ShouldNotBe(default);
        finished.EventsPerSecond.ShouldBeGreaterThan(0);
        finished.Error.ShouldBeNull();
    }

    [Fact]
    public async Task total_counts_every_event_recorded_before_the_request_once_per_named_projection()
    {
        await SeedAsync();
        long lastSequence;
        await using (var q = Fixture.Store.QuerySession())
            lastSequence = await q.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstAsync();

        var (_, finished) = await Api.RebuildAsync(new { projections = new[] { AlignmentProjection.Name, "ClaimDetails" } });

        finished.Projections.ShouldBe(["ClaimDetails", AlignmentProjection.Name]);
        finished.Total.ShouldBe(2 * lastSequence);
        finished.Processed.ShouldBe(2 * lastSequence);
    }

    [Fact]
    public async Task a_rebuild_of_the_seeds_and_generated_history_leaves_every_read_model_identical()
    {
        await SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 300);
        await Fixture.WaitForProjectionsAsync();
        await GeneratedResolutions.ResolveFirstAsync(Api);
        await Fixture.WaitForProjectionsAsync();
        var before = await ReadModels.SnapshotAsync(Fixture.Store);

        var (_, finished) = await Api.RebuildAsync();
        await Fixture.WaitForProjectionsAsync();

        finished.State.ShouldBe("completed", finished.ToString());
        var after = await ReadModels.SnapshotAsync(Fixture.Store);
        after.Keys.ShouldBe(before.Keys);
        foreach (var key in before.Keys) after[key].ShouldBe(before[key], key);
        before[nameof(AlignmentChange)].ShouldNotBe("[]");
        before[nameof(AlignmentSnapshot)].ShouldNotBe("[]");
        before[nameof(Contradiction)].ShouldContain("\"resolved\":true");
    }

    [Fact]
    public async Task a_rebuild_of_the_claims_writes_every_claim_row_as_its_commands_wrote_it()
    {
        // Every column, not only the documents: the version, the served JSON and the filter keys are written beside the
        // document, by the replay in one statement a batch (SetUpsert), by the commands through Marten.
        await SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 300);
        var before = await ClaimRowsAsync();
        before.Count.ShouldBeGreaterThan(300);

        var (_, finished) = await Api.RebuildAsync(new { projections = new[] { "ClaimDetails" } });

        finished.State.ShouldBe("completed", finished.ToString());
        (await ClaimRowsAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task a_rebuild_of_the_provenance_links_writes_every_link_as_its_commands_wrote_it_many_a_statement()
    {
        await SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 300);
        var before = await LinkRowsAsync();
        before.Count.ShouldBeGreaterThan(300);
        // Emptied first, so every row after the rebuild is one the replay wrote.
        await Fixture.ExecuteSqlAsync($"delete from {DocumentTable.Of<SourceClaimLink>(Fixture.Store)}");

        await using (var statements = await InsertStatements.CountAsync(Fixture, "mt_doc_sourceclaimlink"))
        {
            var (_, finished) = await Api.RebuildAsync(new { projections = new[] { "SourceClaimLink" } });

            finished.State.ShouldBe("completed", finished.ToString());
            // One statement a save (the replay's first saves are small, until it knows what an event writes), not one a link.
            (await statements.OnAsync("mt_doc_sourceclaimlink")).ShouldBeInRange(1, before.Count / 10);
        }
        (await LinkRowsAsync()).ShouldBe(before);
    }

    private Task<List<string>> LinkRowsAsync() =>
        Fixture.RowsAsync($"select row(l.*)::text from {DocumentTable.Of<SourceClaimLink>(Fixture.Store)} as l order by l.id", r => r.GetString(0));

    private Task<List<string>> ClaimRowsAsync() =>
        Fixture.RowsAsync($"select row(d.*)::text from {DocumentTable.Of<ClaimDetails>(Fixture.Store)} as d order by d.id", r => r.GetString(0));

    [Fact]
    public async Task events_recorded_after_a_rebuild_still_reach_the_alignment()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "s1"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("s1"));
        await Fixture.WaitForProjectionsAsync();

        await Api.RebuildAsync(new { projections = new[] { AlignmentProjection.Name } });
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "s2", title: "Armenia and the CSTO"));
        var armenia = await Api.Post("/api/claims", new
        {
            subject = "AM", statement = "Armenia froze its participation in the CSTO.", validTime = "2024",
            effects = new object[] { new { power = "RU", dimension = "security", direction = "away", strength = 3 } },
            evidence = Samples.Evidence("s2", Samples.ArmeniaText, "Yerevan froze its participation in the Russian-led security bloc"),
            confidence = 0.9,
        });
        armenia.Code.ShouldBe(201, armenia.Body);
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get("/api/alignments/AM")).As<AlignmentView>().ClaimCount.ShouldBe(1);
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().ClaimCount.ShouldBe(1);
    }

    [Fact]
    public async Task the_rebuild_events_carry_the_actor_and_the_counts()
    {
        await SeedAsync();

        var (accepted, _) = await Api.RebuildAsync();

        await using var q = Fixture.Store.QuerySession();
        var events = await q.Events.FetchStreamAsync(RebuildStreams.IdFor(accepted.As<RebuildStatus>().Id));
        events.Select(e => e.Data.GetType()).ShouldBe([typeof(ProjectionRebuildRequested), typeof(ProjectionRebuildCompleted)]);
        events.ShouldAllBe(e => ((IActorEvent)e.Data).Actor == RebuildTestSupport.Operator && e.UserName == RebuildTestSupport.Operator);
        events.ShouldAllBe(e => e.Timestamp != default);
        var requested = (ProjectionRebuildRequested)events[0].Data;
        var completed = (ProjectionRebuildCompleted)events[1].Data;
        completed.Total.ShouldBe(requested.Total);
        completed.Processed.ShouldBe(requested.Total);
    }
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Configuration;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Admin;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;

namespace ClaimsLedger.Api.Tests.Http;

/// <summary>
/// Alignment reads are cached under the positions of the projections they read: the same read at the same positions is not
/// computed again, any step of those projections makes the next read fresh, and a ledger reset and filled again to the same
/// positions never meets an answer from before.
/// </summary>
public sealed class ProjectedReadCacheTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_read_at_the_same_positions_is_answered_from_the_cache_and_a_projection_step_makes_it_fresh()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var first = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var read = await Api.Get($"/api/alignments/KZ?minPosition={first.Position}");
        var cn = read.As<AlignmentView>().Scores["CN"]["overall"];
        var position = read.Headers.GetValues(LedgerPosition.Header).Single();

        // Changed behind the projection's back, at the same positions: only a cached answer still shows the projected score.
        await using (var session = Fixture.Store.LightweightSession())
        {
            var subject = (await session.LoadAsync<SubjectAlignment>("KZ")).ShouldNotBeNull();
            subject.Cells = new AlignmentCells();
            session.Store(subject);
            await session.SaveChangesAsync();
        }
        var again = await Api.Get("/api/alignments/KZ");
        again.Headers.GetValues(LedgerPosition.Header).Single().ShouldBe(position);
        again.As<AlignmentView>().Scores["CN"]["overall"].ShouldBe(cn);
        (await Api.Get("/api/alignments/KZ?top=1")).As<AlignmentView>().Scores.ShouldBeEmpty("another query is another answer");

        var next = (await Api.Post("/api/claims/" + first.Id + "/retraction", new { reason = "Misread." })).As<ClaimDetails>();
        var fresh = await Api.Get($"/api/alignments/KZ?minPosition={next.Position}");
        // The retraction is the subject's latest change (its cells were tampered with above, so the scores prove nothing here).
        fresh.As<AlignmentView>().LastSequence.ShouldBe(next.Position.ShouldNotBeNull());
        long.Parse(fresh.Headers.GetValues(LedgerPosition.Header).Single()).ShouldBeGreaterThanOrEqualTo(next.Position.ShouldNotBeNull());
    }

    [Theory]
    [InlineData("/api/alignments/KZ", "/api/alignments/kz")]
    [InlineData("/api/alignments/KZ/history", "/api/alignments/kz/history")]
    [InlineData("/api/alignments/KZ/contributions", "/api/alignments/Kz/contributions")]
    public async Task a_path_in_another_letter_case_is_validated_not_answered_from_the_cache(string path, string otherCase)
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        (await Api.Get($"{path}?minPosition={claim.Position}")).Code.ShouldBe(200);
        (await Api.Get(path)).Code.ShouldBe(200);

        (await Api.Get(otherCase)).ShouldBeProblem(400, "subject");
    }

    [Fact]
    public async Task a_rebuild_begins_by_emptying_the_cache()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var first = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var cached = (await Api.Get($"/api/alignments/KZ?minPosition={first.Position}")).As<AlignmentView>();
        await using (var session = Fixture.Store.LightweightSession())
        {
            var subject = (await session.LoadAsync<SubjectAlignment>("KZ")).ShouldNotBeNull();
            subject.Cells = new AlignmentCells();
            session.Store(subject);
            await session.SaveChangesAsync();
        }
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().Scores["CN"]["overall"].ShouldBe(cached.Scores["CN"]["overall"], "answered from the cache before the rebuild");

        // A rebuild of a projection the alignment does not read, with the projections held where they are (the rebuild's own
        // events would move them, and a move alone makes the next read fresh): only an emptied cache can.
        var position = (await Api.Get("/api/alignments/KZ")).Headers.GetValues(LedgerPosition.Header).Single();
        await using var held = await ProgressLock.TakeAsync(Fixture);
        var (_, finished) = await Api.RebuildAsync(new { projections = new[] { "SourceText" } });
        finished.State.ShouldBe("completed");

        var after = await Api.Get("/api/alignments/KZ");
        after.Headers.GetValues(LedgerPosition.Header).Single().ShouldBe(position);
        after.As<AlignmentView>().Scores.ShouldBeEmpty();
        await held.ReleaseAsync();
    }

    [Fact]
    public async Task a_ledger_reset_and_filled_again_to_the_same_positions_is_read_afresh()
    {
        async Task<AlignmentView> Write(string power)
        {
            await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
            var written = (await Api.Post("/api/claims", new
            {
                subject = "KZ", statement = "Kazakhstan's trade moved.", validTime = "2023", confidence = 0.8,
                effects = new[] { new { power, dimension = "economic", direction = "toward", strength = 2 } },
                evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            })).As<RecordClaimResult>();
            return (await Api.Get($"/api/alignments/KZ?minPosition={written.Position}")).As<AlignmentView>();
        }

        var before = await Write("CN");
        await Fixture.ResetAsync();
        var after = await Write("TR");

        after.LastSequence.ShouldBe(before.LastSequence);
        after.Scores.Keys.ShouldContain("TR");
        after.Scores.Keys.ShouldNotContain("CN");
    }
}

/// <summary>The policy on its own: off at 0 megabytes, and only for reads LedgerPosition named the positions of.</summary>
public sealed class ProjectedReadCachePolicyTests
{
    [Theory]
    [InlineData(32, true, "", true)]
    [InlineData(0, true, "", false)]
    [InlineData(32, false, "", false)]
    [InlineData(32, true, "&asOf=2026-01-01T00:00:00Z", false)]
    [InlineData(32, true, "&ASOF=2026-01-01", false)]
    public async Task caches_only_a_read_with_positions_not_as_of_an_instant_and_only_while_the_cache_has_memory(int megabytes, bool positioned,
        string more, bool cached)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = "GET";
        http.Request.QueryString = new QueryString("?top=5&minPosition=9" + more);
        if (positioned) http.Features.Set(new ProjectedPositions("Alignment:All=7@1"));
        var context = new OutputCacheContext { HttpContext = http };
        IOutputCachePolicy policy = new ProjectedReadCache(new LedgerOptions { ReadCache = { MaxMegabytes = megabytes } });

        await policy.CacheRequestAsync(context, CancellationToken.None);

        context.EnableOutputCaching.ShouldBe(cached);
        if (!cached) return;
        context.CacheVaryByRules.VaryByValues["positions"].ShouldBe("Alignment:All=7@1");
        context.CacheVaryByRules.QueryKeys.ToArray().ShouldBe(["top"]);
    }
}

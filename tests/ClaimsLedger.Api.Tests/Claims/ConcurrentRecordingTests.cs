using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>Retries and races: the same claim arriving many times at once is recorded once, and nothing is lost.</summary>
public sealed class ConcurrentRecordingTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task the_same_claim_with_the_same_evidence_sent_concurrently_is_recorded_once()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))));

        replies.ShouldAllBe(r => r.Code == 200 || r.Code == 201);
        replies.Count(r => r.Code == 201).ShouldBe(1);
        var recorded = replies.Select(r => r.As<RecordClaimResult>()).ToList();
        recorded.Select(r => r.Id).Distinct().Count().ShouldBe(1);
        var claim = (await Api.Get($"/api/claims/{recorded[0].Id}")).As<ClaimDetails>();
        claim.Version.ShouldBe(1);
    }

    [Fact]
    public async Task an_equal_claim_from_many_sources_at_once_is_one_stream_with_every_source()
    {
        var sources = Enumerable.Range(0, 8).Select(i => $"outlet-{i}").ToList();
        foreach (var id in sources)
            await Api.Post("/api/sources", Samples.Source(Samples.TradeText + $" ({id})", id: id, carrier: $"Outlet {id}"));

        var replies = await Task.WhenAll(sources.Select(id => Api.Post("/api/claims",
            Samples.KazakhTradeClaim(id, Samples.TradeText + $" ({id})"))));

        replies.ShouldAllBe(r => r.Code == 200 || r.Code == 201, string.Join("\n", replies.Select(r => r.Body)));
        replies.Count(r => r.Code == 201).ShouldBe(1);
        var recorded = replies.Select(r => r.As<RecordClaimResult>()).ToList();
        recorded.Count(r => r.Outcome == "corroborated").ShouldBe(7);
        var claim = (await Api.Get($"/api/claims/{recorded[0].Id}")).As<ClaimDetails>();
        claim.Version.ShouldBe(8);
        claim.IndependentSourceCount.ShouldBe(8);
    }

    [Fact]
    public async Task concurrent_claims_about_one_subject_all_reach_its_alignment()
    {
        var text = string.Join(" ", Enumerable.Range(0, 20).Select(i => $"Fact {i:D2} about Kazakh trade."));
        await Api.Post("/api/sources", Samples.Source(text, id: "many-facts"));

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Api.Post("/api/claims", new
        {
            subject = "KZ", statement = $"Kazakh trade fact {i}.", confidence = 0.5,
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("many-facts", text, $"Fact {i:D2} about Kazakh trade."),
        })));
        await Fixture.WaitForProjectionsAsync();

        replies.ShouldAllBe(r => r.Code == 201);
        var kz = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        kz.ClaimCount.ShouldBe(20);
        kz.Scores["CN"]["economic"].ShouldBe(20 * 0.4m); // 1 × 0.5 × B 0.8 each
        await using var session = Fixture.Store.QuerySession();
        (await session.Query<AlignmentChange>().CountAsync(c => c.Subject == "KZ")).ShouldBe(20);
    }

    [Fact]
    public async Task concurrent_unversioned_contestations_are_all_recorded()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var id = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;

        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Api.Post($"/api/claims/{id}/contestations", new { reason = $"Objection {i}." }, actor: $"analyst-{i}")));

        replies.ShouldAllBe(r => r.Code == 200, string.Join("\n", replies.Select(r => r.Body)));
        var claim = (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>();
        claim.Version.ShouldBe(9);
        claim.Contestations.Count.ShouldBe(8);
    }

    [Fact]
    public async Task two_claims_superseding_each_other_at_once_never_make_a_cycle()
    {
        var claims = await RecordFactsAsync("pairs", 10);

        for (var pair = 0; pair < 5; pair++)
        {
            var (a, b) = (claims[2 * pair], claims[2 * pair + 1]);
            var replies = await Task.WhenAll(
                Api.Post($"/api/claims/{a}/supersession", new { newerClaimId = b, reason = "b replaces a" }),
                Api.Post($"/api/claims/{b}/supersession", new { newerClaimId = a, reason = "a replaces b" }));

            replies.Select(r => r.Code).Order().ToArray().ShouldBe(new[] { 200, 409 }, string.Join("\n", replies.Select(r => r.Body)));
            var states = new[] { (await Api.Get($"/api/claims/{a}")).As<ClaimDetails>(), (await Api.Get($"/api/claims/{b}")).As<ClaimDetails>() };
            states.Count(c => c.Status == ClaimStatus.Superseded).ShouldBe(1);
            var current = states.Single(c => c.Status != ClaimStatus.Superseded);
            states.Single(c => c.Status == ClaimStatus.Superseded).SupersededBy.ShouldBe(current.Id);
        }
    }

    [Fact]
    public async Task a_supersession_by_a_claim_retracted_at_the_same_moment_is_decided_before_or_after_the_retraction()
    {
        var claims = await RecordFactsAsync("retracting", 10);

        for (var pair = 0; pair < 5; pair++)
        {
            var (older, newer) = (claims[2 * pair], claims[2 * pair + 1]);
            var replies = await Task.WhenAll(
                Api.Post($"/api/claims/{older}/supersession", new { newerClaimId = newer, reason = "newer replaces it" }),
                Api.Post($"/api/claims/{newer}/retraction", new { reason = "withdrawn" }));

            replies[1].Code.ShouldBe(200, replies[1].Body);
            await using var session = Fixture.Store.QuerySession();
            var retractedAt = (await session.Events.FetchStreamAsync(newer)).Single(e => e.Data is ClaimRetracted).Sequence;
            if (replies[0].Code == 200)
            {
                // Recorded only if decided while the newer claim was current: before its retraction.
                var supersededAt = (await session.Events.FetchStreamAsync(older)).Single(e => e.Data is ClaimSuperseded).Sequence;
                supersededAt.ShouldBeLessThan(retractedAt);
            }
            else
            {
                replies[0].ShouldBeProblem(409);
                (await Api.Get($"/api/claims/{older}")).As<ClaimDetails>().Status.ShouldBe(ClaimStatus.Recorded);
            }
        }
    }

    /// <summary>Registers a source of <paramref name="count"/> sentences and records a claim on each; their ids in order.</summary>
    private async Task<List<string>> RecordFactsAsync(string sourceId, int count)
    {
        var text = string.Join(" ", Enumerable.Range(0, count).Select(i => $"Fact {i:D2} about {sourceId}."));
        await Api.Post("/api/sources", Samples.Source(text, id: sourceId, carrier: $"Carrier {sourceId}"));
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
            ids.Add((await Api.Post("/api/claims", new
            {
                subject = "KZ", statement = $"Fact {i} about {sourceId}.", confidence = 0.5,
                effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
                evidence = Samples.Evidence(sourceId, text, $"Fact {i:D2} about {sourceId}."),
            })).As<RecordClaimResult>().Id);
        return ids;
    }
}

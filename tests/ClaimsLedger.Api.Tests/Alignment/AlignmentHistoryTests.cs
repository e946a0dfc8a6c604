using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>Record time (asOf, history, diff) and valid time (validFrom/validTo), with the clock under the test's control.</summary>
public sealed class AlignmentHistoryTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string SecurityText = "Astana extended the lease of the Baikonur cosmodrome to Moscow in 2021 and hosted Russian troops.";
    private DateTimeOffset _t0, _t1, _t2, _t3, _t4;
    private string _trade = "", _security = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _t0 = Next();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        await Api.Post("/api/sources", Samples.Source(SecurityText, id: "bulletin", carrier: "Defence Bulletin", reliability: "A"));
        _t1 = Next();
        _trade = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5), actor: "ana")).As<RecordClaimResult>().Id;
        _t2 = Next();
        _security = (await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = "Kazakhstan hosted Russian troops.", validTime = "2021", confidence = 1.0,
            effects = new[] { new { power = "RU", dimension = "security", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("bulletin", SecurityText, "hosted Russian troops"),
        }, actor: "ben")).As<RecordClaimResult>().Id;
        _t3 = Next();
        await Api.Post($"/api/claims/{_trade}/confidence", new { confidence = 0.25, reason = "Customs data revised down." }, actor: "cy");
        _t4 = Next();
        await Api.Post($"/api/claims/{_security}/retraction", new { reason = "The troops were a one-off exercise." }, actor: "dee");
        Next();
        await Fixture.WaitForProjectionsAsync();
    }

    [Fact]
    public async Task as_of_a_record_time_the_alignment_is_what_the_ledger_held_then()
    {
        var afterFirst = await Alignment($"asOf={At(_t1, 30)}");
        var afterSecond = await Alignment($"asOf={At(_t2, 30)}");
        var now = await Alignment("");

        afterFirst.Scores["CN"]["economic"].ShouldBe(0.8m);   // 2 × 0.5 × B 0.8
        afterFirst.Scores["RU"]["security"].ShouldBe(0m);
        afterSecond.Scores["RU"]["security"].ShouldBe(1.0m);  // 1 × 1.0 × A 1.0
        now.Scores["CN"]["economic"].ShouldBe(0.4m);
        now.Scores["RU"]["security"].ShouldBe(0m);
        afterSecond.AsOf.ShouldBe(_t2.AddMinutes(30));
        await afterSecond.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task as_of_before_the_first_event_is_the_empty_alignment()
    {
        var empty = await Alignment($"asOf={At(_t0, -60)}");

        empty.ClaimCount.ShouldBe(0);
        empty.Scores.Count.ShouldBe(0);
        empty.Label.ShouldBe("no signal");
    }

    [Fact]
    public async Task valid_time_filters_keep_only_claims_whose_valid_time_overlaps_and_combine_with_as_of()
    {
        var in2023 = await Alignment($"asOf={At(_t2, 30)}&validFrom=2023-05&validTo=2023-06");
        var in2021 = await Alignment($"asOf={At(_t2, 30)}&validFrom=2021&validTo=2021");
        var from2020To2024 = await Alignment($"asOf={At(_t2, 30)}&validFrom=2020&validTo=2024");

        in2023.Contributions.Select(c => c.ClaimId).Distinct().ShouldBe([_trade]);
        in2021.Contributions.Select(c => c.ClaimId).Distinct().ShouldBe([_security]);
        from2020To2024.ClaimCount.ShouldBe(2);
        in2023.ValidFrom.ShouldBe("2023-05");
    }

    [Fact]
    public async Task the_history_lists_each_change_oldest_first_with_event_actor_and_reason()
    {
        var entries = (await Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items;

        entries.Select(e => e.EventType)
            .ShouldBe(["claim_extracted", "claim_extracted", "claim_confidence_revised", "claim_retracted"]);
        entries.Select(e => e.Actor).ShouldBe(["ana", "ben", "cy", "dee"]);
        entries[2].Reason.ShouldBe("Customs data revised down.");
        entries[2].ClaimId.ShouldBe(_trade);
        var revised = entries[2].Changes.Single(c => c is { Power: "CN", Dimension: "economic" });
        revised.Before.ShouldBe(0.8m);
        revised.After.ShouldBe(0.4m);
        entries.Select(e => e.Sequence).ShouldBeInOrder();

        var window = (await Get($"/api/alignments/KZ/history?from={At(_t2, 0)}&to={At(_t3, 30)}")).As<Paged<HistoryEntry>>().Items;
        window.Count.ShouldBe(2);
    }

    [Fact]
    public async Task a_diff_attributes_each_changed_cell_to_causes_that_add_up_exactly()
    {
        var cells = (await Get($"/api/alignments/KZ/diff?from={At(_t1, 30)}&to={At(_t4, 30)}")).As<AlignmentDiff>().Changes;

        // The security claim came and went inside the window: no net change, so no entry.
        cells.ShouldNotContain(c => c.Power == "RU" && c.Dimension == "security");
        var economic = cells.Single(c => c is { Power: "CN", Dimension: "economic" });
        economic.Before.ShouldBe(0.8m);
        economic.After.ShouldBe(0.4m);
        var cause = economic.Causes.Single();
        cause.EventType.ShouldBe("claim_confidence_revised");
        cause.Actor.ShouldBe("cy");
        cause.ClaimId.ShouldBe(_trade);
        foreach (var cell in cells)
            cell.Causes.Sum(c => c.Delta).ShouldBe(cell.After - cell.Before);

        var retraction = (await Get($"/api/alignments/KZ/diff?from={At(_t2, 30)}&to={At(_t4, 30)}")).As<AlignmentDiff>().Changes
            .Single(c => c is { Power: "RU", Dimension: "security" });
        retraction.Causes.Single().Reason.ShouldBe("The troops were a one-off exercise.");
        retraction.After.ShouldBe(0m);
    }

    [Fact]
    public async Task a_diff_lists_a_cells_heaviest_causes_in_ledger_order_and_sums_the_others_exactly()
    {
        var from = Next();
        for (var i = 0; i < 22; i++)
        {
            var reply = await Api.Post("/api/claims", new
            {
                subject = "KZ", statement = $"China's trade with Kazakhstan grew (report {i}).", validTime = "2023",
                confidence = (i % 6 + 1) / 10.0,   // four claims at the lightest weight, two of them listed: ties go by ledger order
                effects = new[] { new { power = "CN", dimension = "economic", direction = i % 4 == 0 ? "away" : "toward", strength = 2 } },
                evidence = Samples.Evidence("steppe", Samples.TradeText, "China became Kazakhstan's largest trading partner"),
            });
            reply.Code.ShouldBe(201, reply.Body);
        }
        var to = Next();
        await Fixture.WaitForProjectionsAsync();

        // What each write moved, from the history (which reads the scores each change left, not the diff's per-claim moves).
        var written = (await Get($"/api/alignments/KZ/history?from={At(from, 0)}&to={At(to, 0)}&pageSize=100")).As<Paged<HistoryEntry>>().Items
            .Select(e => (ClaimId: e.ClaimId!, e.Sequence, Delta: e.Changes.Single(c => c is { Power: "CN", Dimension: "economic" }) is var c ? c.After - c.Before : 0))
            .ToList();
        written.Count.ShouldBe(22);
        var heaviest = written.OrderByDescending(w => Math.Abs(w.Delta)).ThenBy(w => w.Sequence).Take(GetAlignmentDiffEndpoint.MaxCauses)
            .OrderBy(w => w.Sequence).ToList();
        var others = written.Except(heaviest).ToList();

        var cell = (await Get($"/api/alignments/KZ/diff?from={At(from, 0)}&to={At(to, 0)}")).As<AlignmentDiff>().Changes
            .Single(c => c is { Power: "CN", Dimension: "economic" });
        cell.Causes.Select(c => (c.ClaimId, c.Sequence, c.Delta)).ShouldBe(heaviest);
        cell.Causes.ShouldAllBe(c => c.EventType == "claim_extracted");
        (cell.OtherCauses.Count, cell.OtherCauses.Delta).ShouldBe((others.Count, others.Sum(w => w.Delta)));
        (cell.After - cell.Before).ShouldBe(written.Sum(w => w.Delta));
    }

    [Fact]
    public async Task a_source_regrade_is_a_change_in_every_subject_its_claims_are_about()
    {
        await Api.Post("/api/claims", new
        {
            subject = "KG", statement = "Kyrgyz trade with China grew.", effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("steppe", Samples.TradeText, "Trade between Astana and Beijing rose sharply"),
        });
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "unused", carrier: "Unused"));
        Next();
        await Api.Post("/api/sources/steppe/reliability", new { grade = "D", reason = "Figures unverified." }, actor: "editor");
        await Api.Post("/api/sources/unused/reliability", new { grade = "E", reason = "No claims rest on it." }, actor: "editor");
        await Fixture.WaitForProjectionsAsync();

        foreach (var subject in new[] { "KZ", "KG" })
        {
            var last = (await Get($"/api/alignments/{subject}/history")).As<Paged<HistoryEntry>>().Items.Last();
            last.EventType.ShouldBe("source_reliability_graded");
            last.SourceId.ShouldBe("steppe");
            last.Reason.ShouldBe("Figures unverified.");
        }
        var all = (await Get("/api/alignments/KZ/history?pageSize=200")).As<Paged<HistoryEntry>>().Items;
        all.ShouldNotContain(e => e.Reason == "No claims rest on it.");
    }

    [Fact]
    public async Task a_claim_and_a_sources_claims_can_be_read_as_of_a_record_time()
    {
        var before = (await Get($"/api/claims/{_trade}?asOf={At(_t3, -30)}")).As<ClaimDetails>();
        var after = (await Get($"/api/claims/{_trade}?asOf={At(_t3, 30)}")).As<ClaimDetails>();

        before.Confidence.ShouldBe(0.5);
        before.Version.ShouldBe(1);
        after.Confidence.ShouldBe(0.25);
        (await Api.Get($"/api/claims/{_trade}?asOf={At(_t0, 0)}")).ShouldBeProblem(404, "id");
        var securityThen = (await Get($"/api/sources/bulletin/claims?asOf={At(_t2, 30)}")).As<SourceProvenance>().Claims.Single();
        securityThen.Status.ShouldBe(ClaimStatus.Recorded);
        (await Get("/api/sources/bulletin/claims")).As<SourceProvenance>().Claims[0].Status.ShouldBe(ClaimStatus.Retracted);
        (await Get($"/api/sources/bulletin/claims?asOf={At(_t1, 30)}")).As<SourceProvenance>().Claims.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_correlation_id_is_kept_with_the_events_and_echoed_back()
    {
        var reply = await Api.Post($"/api/claims/{_trade}/review", new { decision = "accepted", reason = "Checked." },
            headers: new Dictionary<string, string> { ["X-Correlation-Id"] = "audit-2024-07" });
        var generated = await Api.Post($"/api/claims/{_trade}/confidence", new { confidence = 0.3, reason = "Again." });
        await Fixture.WaitForProjectionsAsync();

        reply.Headers.GetValues("X-Correlation-Id").Single().ShouldBe("audit-2024-07");
        generated.Headers.GetValues("X-Correlation-Id").Single().ShouldNotBeNullOrWhiteSpace();
        (await Get($"/api/claims/{_trade}/events")).As<List<ClaimEventEntry>>()
            .Single(e => e.Type == "claim_reviewed").CorrelationId.ShouldBe("audit-2024-07");
        (await Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items.Last().CorrelationId
            .ShouldBe(generated.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task as_of_reads_stay_exact_across_snapshot_boundaries()
    {
        var confidences = Enumerable.Range(1, 60).Select(i => i % 2 == 0 ? 0.5 : 1.0).ToArray();
        var instants = new List<DateTimeOffset>();
        foreach (var confidence in confidences)
        {
            await Api.Post($"/api/claims/{_trade}/confidence", new { confidence, reason = "Oscillating estimate." });
            instants.Add(Next());
        }
        await Fixture.WaitForProjectionsAsync();

        await EveryRevisionReadsExactly("");

        // A ledger projected with snapshots further apart (an earlier interval) is replayed past one interval's changes.
        await using (var session = Fixture.Store.LightweightSession())
        {
            var snapshots = await session.Query<AlignmentSnapshot>().Where(s => s.Subject == "KZ").OrderBy(s => s.Sequence).ToListAsync();
            snapshots.Count.ShouldBeGreaterThan(5);
            foreach (var snapshot in snapshots.Skip(1)) session.Delete(snapshot);
            await session.SaveChangesAsync();
        }
        // (A query the read cache has not seen: the cache knows only the projections' positions, which did not move.)
        await EveryRevisionReadsExactly("&top=5");

        // The scores, the heaviest contributions and the position they are read at all belong to the same revision.
        async Task EveryRevisionReadsExactly(string more)
        {
            var positions = new List<long>();
            for (var k = 0; k < confidences.Length; k++)
            {
                var then = await Alignment($"asOf={At(instants[k], 0)}{more}");
                var expected = 2m * (decimal)confidences[k] * 0.8m;
                then.Scores["CN"]["economic"].ShouldBe(expected, $"after revision {k + 1}");
                then.Contributions.Single(c => c is { Power: "CN", Dimension: "economic" }).Contribution.ShouldBe(expected, $"after revision {k + 1}");
                then.Contributions.Single(c => c is { Power: "RU", Dimension: "economic" }).Contribution.ShouldBe(-expected / 2, $"after revision {k + 1}");
                positions.Add(then.LastSequence);
            }
            positions.ShouldBe(positions.Order().Distinct().ToList());
        }
    }

    [Fact]
    public async Task history_pages_read_by_entry_number_whole_or_in_a_window_are_the_walked_history()
    {
        foreach (var confidence in new[] { 0.5, 0.75, 0.5, 0.75, 0.5, 0.75, 0.5, 0.75, 0.5 })
        {
            Next();
            await Api.Post($"/api/claims/{_trade}/confidence", new { confidence, reason = "Revised again." });
        }
        Next();
        await Fixture.WaitForProjectionsAsync();

        await using (var session = Fixture.Store.QuerySession())
        {
            var moving = (await session.Query<AlignmentChange>().Where(c => c.Subject == "KZ" && c.MovesScores).OrderBy(c => c.Sequence).ToListAsync())
                .Select(c => c.Entry).ToList();
            moving.ShouldBe(Enumerable.Range(1, 13).Select(n => (long?)n).ToList());
            // A snapshot every AlignmentSnapshot.Interval changes: the windows below end on both sides of one.
            (await session.Query<AlignmentSnapshot>().CountAsync(s => s.Subject == "KZ")).ShouldBeGreaterThan(0);
        }
        var recorded = (await Get("/api/alignments/KZ/history?pageSize=100")).As<Paged<HistoryEntry>>().Items.Select(e => e.Timestamp).ToList();
        recorded.Count.ShouldBe(13);
        recorded.ShouldBeInOrder();
        recorded.Distinct().Count().ShouldBe(13);
        var queries = new[]
        {
            "",
            $"from={At(_t0, -60)}&",                                                        // the whole history
            $"from={At(recorded[2], 0)}&to={At(recorded[8], 0)}&",                          // ends on entries, both in
            $"from={At(recorded[2].AddSeconds(1), 0)}&to={At(recorded[8].AddSeconds(-1), 0)}&",  // ends between entries
            $"from={At(recorded[10], 0)}&to={At(recorded[11], 0)}&",                        // past the snapshot
            $"from={At(recorded[5], 0)}&to={At(recorded[5], 0)}&",                          // one entry
            $"from={At(recorded[5], 0)}&",
            $"to={At(recorded[5], 0)}&",
            $"to={At(recorded[0], -60)}&",                                                  // before the first entry: none
            $"from={At(recorded[12], 60)}&",                                                // after the last: none
        };
        var numbered = new List<List<string>>();
        foreach (var query in queries) numbered.Add(await HistoryPages(query));
        numbered[0][0].ShouldStartWith("13:");
        numbered[1].ShouldBe(numbered[0]);
        numbered[2][0].ShouldStartWith("7:");
        numbered[3][0].ShouldStartWith("5:");
        numbered[4][0].ShouldStartWith("2:");
        numbered[5][0].ShouldStartWith("1:");
        numbered[6][0].ShouldStartWith("8:");
        numbered[7][0].ShouldStartWith("6:");
        numbered[8][0].ShouldBe("0:");
        numbered[9][0].ShouldBe("0:");

        // Changes projected before entries were numbered carry none until Alignment is rebuilt: such a history is walked and
        // counted, and every page is the same.
        await using (var session = Fixture.Store.LightweightSession())
        {
            foreach (var change in await session.Query<AlignmentChange>().Where(c => c.Subject == "KZ").ToListAsync())
            {
                change.Entry = null;
                session.Store(change);
            }
            await session.SaveChangesAsync();
        }
        for (var i = 0; i < queries.Length; i++) (await HistoryPages(queries[i])).ShouldBe(numbered[i], queries[i]);
    }

    /// <summary>Every page of KZ's history three entries at a time, and the one past its end, each as "total:sequence,…".</summary>
    private async Task<List<string>> HistoryPages(string query)
    {
        var pages = new List<string>();
        for (var page = 1; page <= 6; page++)
        {
            var paged = (await Get($"/api/alignments/KZ/history?{query}page={page}&pageSize=3")).As<Paged<HistoryEntry>>();
            pages.Add($"{paged.Total}:{string.Join(',', paged.Items.Select(e => e.Sequence))}");
        }
        return pages;
    }

    [Theory]
    [InlineData("/api/alignments/KZ?asOf=yesterday", "asOf")]
    [InlineData("/api/alignments/KZ?validFrom=2023-13", "validFrom")]
    [InlineData("/api/alignments/KZ?validFrom=2024&validTo=2022", "validTo")]
    [InlineData("/api/alignments/KZ/history?from=June", "from")]
    [InlineData("/api/alignments/KZ/diff?to=2024-07-01T00:00:00Z", "from")]
    [InlineData("/api/alignments/KZ/diff?from=2024-07-02&to=2024-07-01", "to")]
    [InlineData("/api/claims/clm-x?asOf=2024-99-01", "asOf")]
    [InlineData("/api/sources/steppe/claims?asOf=soon", "asOf")]
    public async Task a_malformed_instant_or_range_is_a_400_naming_the_parameter(string path, string field) =>
        (await Api.Get(path)).ShouldBeProblem(400, field);

    private DateTimeOffset Next()
    {
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        return Fixture.Clock.GetUtcNow();
    }

    private static string At(DateTimeOffset t, int minutes) =>
        Uri.EscapeDataString(t.AddMinutes(minutes).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));

    private async Task<Reply> Get(string path)
    {
        var reply = await Api.Get(path);
        reply.Code.ShouldBe(200, reply.Body);
        return reply;
    }

    private async Task<AlignmentView> Alignment(string query) => (await Get($"/api/alignments/KZ?{query}")).As<AlignmentView>();
}

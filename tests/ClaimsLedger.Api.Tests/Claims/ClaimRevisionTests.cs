using System.Globalization;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>Recoding, supersession, merging and re-review over HTTP, down to the claim, its provenance, the alignment, its history and diffs.</summary>
public sealed class ClaimRevisionTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string WireText = "WIRE: China became Kazakhstan's largest trading partner, overtaking Russia, as Beijing's share rose.";
    private string _claim = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        await Api.Post("/api/sources", Samples.Source(WireText, id: "wire", title: "Wire copy", carrier: "Central Wire", reliability: "A"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
        Next();
    }

    [Fact]
    public async Task recoding_keeps_the_claim_and_its_history_and_moves_its_contributions_to_the_new_subject()
    {
        var before = Next();
        var reply = await Api.Post($"/api/claims/{_claim}/recoding", new
        {
            subject = "KG", validTime = "2022/2023",
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 3 } },
            reason = "The customs series is Kyrgyz.", expectedVersion = 1,
        }, actor: "ana");
        Next();

        reply.Code.ShouldBe(200, reply.Body);
        var claim = reply.As<ClaimDetails>();
        (claim.Id, claim.Subject, claim.ValidTime, claim.Version).ShouldBe((_claim, "KG", "2022/2023", 2L));
        claim.Effects.ShouldHaveSingleItem().Strength.ShouldBe(3);
        claim.Powers.ShouldBe(["CN"]);
        var recoding = claim.Recodings.ShouldHaveSingleItem();
        (recoding.PreviousSubject, recoding.Actor, recoding.Reason).ShouldBe(("KZ", "ana", "The customs series is Kyrgyz."));
        var then = (await Api.Get($"/api/claims/{_claim}?asOf={At(before)}")).As<ClaimDetails>();
        (then.Subject, then.ValidTime, then.Effects.Count, then.Version).ShouldBe(("KZ", "2023", 2, 1L));

        await Fixture.WaitForProjectionsAsync();
        var kz = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        var kg = (await Api.Get("/api/alignments/KG")).As<AlignmentView>();
        kz.ClaimCount.ShouldBe(0);
        kz.Scores.ShouldBeEmpty();
        kg.Contributions.ShouldHaveSingleItem().ShouldBe(new ContributionView(_claim, "CN", "economic", 1.92m)); // 3 × 0.8 × B 0.8
        (await Api.Get($"/api/alignments/KZ?asOf={At(before)}")).As<AlignmentView>().ClaimCount.ShouldBe(1);
        await kg.EachScoreShouldBeTheSumOfItsContributions(Api);
        (await Api.Get("/api/alignments/KG?validFrom=2022&validTo=2022")).As<AlignmentView>().ClaimCount.ShouldBe(1);

        var kzHistory = (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items;
        kzHistory.Select(h => h.EventType).ShouldBe(["claim_extracted", "claim_recoded"]);
        kzHistory[^1].Reason.ShouldBe("The customs series is Kyrgyz.");
        var kzDiff = (await Api.Get($"/api/alignments/KZ/diff?from={At(before)}&to={At(Next())}")).As<AlignmentDiff>();
        kzDiff.Changes.ShouldNotBeEmpty();
        kzDiff.Changes.SelectMany(c => c.Causes).ShouldAllBe(c => c.EventType == "claim_recoded" && c.ClaimId == _claim);
        (await Api.Get("/api/alignments/KG/history")).As<Paged<HistoryEntry>>().Items.ShouldHaveSingleItem().EventType.ShouldBe("claim_recoded");
    }

    [Fact]
    public async Task a_claim_read_as_of_any_instant_has_the_coding_it_had_then_through_several_recodings()
    {
        var first = Next();
        (await Api.Post($"/api/claims/{_claim}/recoding", new { validTime = "2019", reason = "The figure is for 2019." })).Code.ShouldBe(200);
        var second = Next();
        (await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.5, reason = "One customs series only." })).Code.ShouldBe(200);
        var third = Next();
        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KG", reason = "The customs series is Kyrgyz." })).Code.ShouldBe(200);
        var now = Next();

        async Task<ClaimDetails> ClaimAt(DateTimeOffset instant) => (await Api.Get($"/api/claims/{_claim}?asOf={At(instant)}")).As<ClaimDetails>();
        async Task<(string, string?, double, long)> CodingAt(DateTimeOffset instant)
        {
            var claim = await ClaimAt(instant);
            return (claim.Subject, claim.ValidTime, claim.Confidence, claim.Version);
        }
        (await CodingAt(first)).ShouldBe(("KZ", "2023", 0.8, 1L));
        (await CodingAt(second)).ShouldBe(("KZ", "2019", 0.8, 2L));
        (await CodingAt(third)).ShouldBe(("KZ", "2019", 0.5, 3L));
        (await CodingAt(now)).ShouldBe(("KG", "2019", 0.5, 4L));
        var then = await ClaimAt(third);
        then.Recodings.ShouldHaveSingleItem().ValidTime.ShouldBe("2019");
        then.Powers.ShouldBe(then.Effects.Select(e => e.Power).Distinct().Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task recoding_only_the_valid_time_moves_no_score_but_valid_time_reads_follow_it()
    {
        (await Api.Post($"/api/claims/{_claim}/recoding", new { validTime = "2019", reason = "The figure is for 2019." })).Code.ShouldBe(200);
        await Fixture.WaitForProjectionsAsync();

        (await Api.Get("/api/alignments/KZ?validFrom=2023&validTo=2023")).As<AlignmentView>().ClaimCount.ShouldBe(0);
        (await Api.Get("/api/alignments/KZ?validFrom=2019&validTo=2019")).As<AlignmentView>().ClaimCount.ShouldBe(1);
        (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items.Select(h => h.EventType).ShouldBe(["claim_extracted"]);
    }

    [Fact]
    public async Task the_coding_a_claim_was_recoded_from_no_longer_corroborates_it_until_it_is_recoded_back()
    {
        var original = Samples.KazakhTradeClaim("steppe");
        var fromWire = Samples.KazakhTradeClaim("wire", WireText);
        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KG", reason = "The customs series is Kyrgyz." })).Code.ShouldBe(200);

        // The same passage again is a retry of the write already acknowledged: nothing changes, as before the recoding.
        var retried = await Api.Post("/api/claims", original);
        retried.Code.ShouldBe(200, retried.Body);
        retried.As<RecordClaimResult>().Outcome.ShouldBe("unchanged");
        // New evidence for the old coding (about KZ) must not land on a claim that is now about KG.
        (await Api.Post("/api/claims", fromWire)).ShouldBeProblem(409);
        var claim = (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>();
        (claim.Subject, claim.Version, claim.Sources.Count).ShouldBe(("KG", 2L, 1));

        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KZ", reason = "It was Kazakh after all." })).Code.ShouldBe(200);
        var corroborated = await Api.Post("/api/claims", fromWire);
        corroborated.Code.ShouldBe(200, corroborated.Body);
        corroborated.As<RecordClaimResult>().Outcome.ShouldBe("corroborated");
    }

    [Fact]
    public async Task recoding_asks_for_something_to_change_a_reason_and_the_current_version()
    {
        (await Api.Post($"/api/claims/{_claim}/recoding", new { reason = "r" })).ShouldBeProblem(400, "body");
        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KG" })).ShouldBeProblem(400, "reason");
        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "XX", reason = "r" })).ShouldBeProblem(400, "subject");
        (await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KG", reason = "r", expectedVersion = 4 })).ShouldBeProblem(409);
        var same = await Api.Post($"/api/claims/{_claim}/recoding", new { subject = "KZ", reason = "No change." });
        same.Code.ShouldBe(200, same.Body);
        same.As<ClaimDetails>().Version.ShouldBe(1);
    }

    [Fact]
    public async Task a_superseded_claim_stops_weighing_from_the_supersession_on_and_names_its_successor()
    {
        var newer = (await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = "China was Kazakhstan's largest trading partner again.", validTime = "2024",
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
            evidence = Samples.Evidence("wire", WireText, "China became Kazakhstan's largest trading partner"),
        })).As<RecordClaimResult>().Id;
        var before = Next();

        (await Api.Post($"/api/claims/{_claim}/supersession", new { newerClaimId = "clm-000000000000000000000000", reason = "r" }))
            .ShouldBeProblem(404, "newerClaimId");
        (await Api.Post($"/api/claims/{_claim}/supersession", new { newerClaimId = _claim, reason = "r" })).ShouldBeProblem(400, "newerClaimId");
        var reply = await Api.Post($"/api/claims/{_claim}/supersession", new { newerClaimId = newer, reason = "The 2024 figure replaces it.", expectedVersion = 1 });
        Next();

        reply.Code.ShouldBe(200, reply.Body);
        var older = reply.As<ClaimDetails>();
        (older.Status, older.SupersededBy).ShouldBe((ClaimStatus.Superseded, newer));
        (await Api.Post($"/api/claims/{_claim}/review", new { decision = "accepted", reason = "r" })).ShouldBeProblem(409);
        (await Api.Get($"/api/claims/{_claim}?asOf={At(before)}")).As<ClaimDetails>().Status.ShouldBe(ClaimStatus.Recorded);
        await Fixture.WaitForProjectionsAsync();
        var now = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        now.Contributions.Select(c => c.ClaimId).ShouldBe([newer]);
        (await Api.Get($"/api/alignments/KZ?asOf={At(before)}")).As<AlignmentView>().ClaimCount.ShouldBe(2);
        (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items[^1].EventType.ShouldBe("claim_superseded");
        var diff = (await Api.Get($"/api/alignments/KZ/diff?from={At(before)}&to={At(Next())}")).As<AlignmentDiff>();
        diff.Changes.ShouldNotBeEmpty();
        diff.Changes.SelectMany(c => c.Causes).ShouldAllBe(c => c.EventType == "claim_superseded" && c.ClaimId == _claim);
    }

    [Fact]
    public async Task merging_moves_the_duplicates_evidence_to_the_survivor_and_closes_the_duplicate_in_one_transaction()
    {
        var duplicate = (await Api.Post("/api/claims", new
        {
            subject = "KZ", statement = "Beijing is now Astana's top trade partner.", validTime = "2023",
            effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 2 } },
            evidence = Samples.Evidence("wire", WireText, "China became Kazakhstan's largest trading partner"),
        })).As<RecordClaimResult>().Id;
        await Api.Post($"/api/claims/{duplicate}/contestations", new { reason = "Re-exports." }, actor: "eve");
        var before = Next();

        (await Api.Post($"/api/claims/{_claim}/merge", new { duplicateId = "clm-000000000000000000000000", reason = "r" })).ShouldBeProblem(404, "duplicateId");
        var reply = await Api.Post($"/api/claims/{_claim}/merge", new { duplicateId = duplicate, reason = "Same finding.", expectedVersion = 1 }, actor: "ana");
        Next();

        reply.Code.ShouldBe(200, reply.Body);
        var survivor = reply.As<ClaimDetails>();
        survivor.Version.ShouldBe(2);
        survivor.Sources.Select(s => (s.SourceId, s.Role)).ShouldBe([("steppe", "extracted"), ("wire", "merged")]);
        survivor.IndependentSourceCount.ShouldBe(2);
        survivor.Contestations.ShouldHaveSingleItem().Actor.ShouldBe("eve");
        survivor.Merged.ShouldHaveSingleItem().DuplicateId.ShouldBe(duplicate);
        var closed = (await Api.Get($"/api/claims/{duplicate}")).As<ClaimDetails>();
        (closed.Status, closed.MergedInto).ShouldBe((ClaimStatus.Merged, _claim));
        var trail = (await Api.Get($"/api/claims/{duplicate}/events")).As<List<ClaimEventEntry>>();
        var merged = (await Api.Get($"/api/claims/{_claim}/events")).As<List<ClaimEventEntry>>();
        trail[^1].Type.ShouldBe("claim_merged_into");
        merged[^1].Type.ShouldBe("claims_merged");
        merged[^1].CorrelationId.ShouldBe(trail[^1].CorrelationId);
        // Committed together, recorded at one instant: no as-of read falls between the survivor's gain and the duplicate's
        // close (the test's clock moves on every time it is read, as a stream's events are stamped). The answer's position is
        // the later of the two, so a read given it sees both.
        merged[^1].Timestamp.ShouldBe(trail[^1].Timestamp);
        reply.Headers.GetValues("X-Ledger-Position").Single().ShouldBe(Math.Max(merged[^1].Sequence, trail[^1].Sequence).ToString(CultureInfo.InvariantCulture));
        (await Api.Post($"/api/claims/{duplicate}/corroborations", new { evidence = Samples.Evidence("steppe", Samples.TradeText, "overtaking Russia") }))
            .ShouldBeProblem(409);
        var again = await Api.Post($"/api/claims/{_claim}/merge", new { duplicateId = duplicate, reason = "Same finding." });
        again.As<ClaimDetails>().Version.ShouldBe(2);

        var wire = (await Api.Get("/api/sources/wire/claims")).As<SourceProvenance>().Claims;
        wire.Select(c => (c.ClaimId, c.Role, c.Status)).ShouldBe([(duplicate, "extracted", ClaimStatus.Merged), (_claim, "merged", ClaimStatus.Recorded)]);
        // In the survivor's PROV-O export the merge is an activity that used the duplicate and the passage it carried over.
        const string carried = "China became Kazakhstan's largest trading partner";
        var (start, end) = (WireText.IndexOf(carried, StringComparison.Ordinal), WireText.IndexOf(carried, StringComparison.Ordinal) + carried.Length);
        var prov = (await Api.Get($"/api/claims/{_claim}/prov")).Json["@graph"]!.AsArray();
        var mergeActivity = prov.Single(n => (string?)n!["@id"] == $"http://localhost/api/claims/{_claim}/events#event-2")!;
        ((string)mergeActivity["rdfs:label"]!).ShouldBe("claims_merged");
        mergeActivity["prov:used"]!.AsArray().Select(u => (string)u!["@id"]!).ShouldBe(
            [$"http://localhost/api/claims/{_claim}#v1", $"http://localhost/api/sources/wire#char={start},{end}", $"http://localhost/api/claims/{duplicate}"]);
        prov.Single(n => (string?)n!["@id"] == $"http://localhost/api/claims/{_claim}")!["prov:wasDerivedFrom"]!.AsArray()
            .Select(d => (string)d!["@id"]!).ShouldBe(["http://localhost/api/sources/steppe", "http://localhost/api/sources/wire"]);

        await Fixture.WaitForProjectionsAsync();
        var now = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>();
        now.ClaimCount.ShouldBe(1);
        // 2 × 0.8 × best grade A 1.0 × corroboration 1.5 × contest 2/3 for the survivor; the duplicate weighs nothing.
        now.Contributions.Where(c => c.Power == "CN").ShouldHaveSingleItem().Contribution.ShouldBe(1.6m);
        (await Api.Get($"/api/alignments/KZ?asOf={At(before)}")).As<AlignmentView>().ClaimCount.ShouldBe(2);
        var history = (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items;
        history.Select(h => h.EventType).ShouldContain("claims_merged");
        history.Select(h => h.EventType).ShouldContain("claim_merged_into");
        var diff = (await Api.Get($"/api/alignments/KZ/diff?from={At(before)}&to={At(Next())}")).As<AlignmentDiff>();
        diff.Changes.SelectMany(c => c.Causes).Select(c => c.EventType).Distinct().ShouldBe(["claims_merged", "claim_merged_into"], ignoreOrder: true);
        await now.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task a_rejected_claim_accepted_by_a_later_review_weighs_again_and_keeps_both_decisions()
    {
        (await Api.Post($"/api/claims/{_claim}/review", new { decision = "rejected", reason = "Wrong year." }, actor: "ana")).Code.ShouldBe(200);
        Next();
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().ClaimCount.ShouldBe(0);

        var reply = await Api.Post($"/api/claims/{_claim}/review", new { decision = "accepted", reason = "The year was right." }, actor: "bob");
        Next();

        var claim = reply.As<ClaimDetails>();
        claim.Status.ShouldBe(ClaimStatus.Accepted);
        claim.Reviews.Select(r => (r.Decision, r.Actor)).ShouldBe([(ReviewDecision.Rejected, "ana"), (ReviewDecision.Accepted, "bob")]);
        await Fixture.WaitForProjectionsAsync();
        (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().ClaimCount.ShouldBe(1);
        var reviews = (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>().Items.Where(h => h.EventType == "claim_reviewed").ToList();
        reviews.Select(h => h.Reason).ShouldBe(["Wrong year.", "The year was right."]);
    }

    private DateTimeOffset Next()
    {
        Fixture.Clock.Advance(TimeSpan.FromHours(1));
        return Fixture.Clock.GetUtcNow();
    }

    private static string At(DateTimeOffset t) =>
        Uri.EscapeDataString(t.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
}

using Microsoft.AspNetCore.Http;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Changes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Changes;

public sealed class AlignmentChangesTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task changes_come_in_event_then_subject_order_and_a_cursor_pages_through_several_subjects_at_one_event()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var kg = (await Api.Post("/api/claims", KyrgyzClaim)).As<RecordClaimResult>();
        var regrade = (await Api.Post("/api/sources/steppe/reliability", new { grade = "A", reason = "Customs data confirmed.", }, "ana@example.org"))
            .As<SourceView>().Position!.Value;

        var all = new List<AlignmentChangeEntry>();
        var after = "0";
        while (true)
        {
            var page = (await Api.Get($"/api/alignments/changes?after={after}&limit=1&minPosition={regrade}")).As<AlignmentChangePage>();
            all.AddRange(page.Items);
            if (page.Next is null) break;
            after = page.Next;
        }

        all.Select(c => c.Cursor).ShouldBe([$"{kz.Position}:KZ", $"{kg.Position}:KG", $"{regrade}:KG", $"{regrade}:KZ"]);
        var moved = all[^1];
        (moved.EventType, moved.SourceId, moved.Actor, moved.Reason).ShouldBe(("source_reliability_graded", "steppe", "ana@example.org", "Customs data confirmed."));
        moved.Changes.ShouldContain(c => c.Power == "CN" && c.Dimension == "overall" && c.After > c.Before);

        var history = (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>();
        all.Where(c => c.Subject == "KZ").Select(c => c.Sequence).ShouldBe(history.Items.Select(h => h.Sequence));
    }

    [Fact]
    public async Task a_change_that_moves_no_score_is_not_an_alignment_change_as_it_is_no_history_entry()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var recoded = await Api.Post($"/api/claims/{kz.Id}/recoding", new
        {
            effects = new object[]
            {
                new { power = "CN", dimension = "economic", direction = "toward", strength = 2 },
                new { power = "RU", dimension = "economic", direction = "away", strength = 1 },
            },
            validTime = "2022", reason = "The overtaking happened a year earlier.",
        });
        recoded.Code.ShouldBe(200, recoded.Body);
        var position = recoded.As<ClaimDetails>().Position!.Value;

        var changes = (await Api.Get($"/api/alignments/changes?after={kz.Position}&minPosition={position}")).As<AlignmentChangePage>();
        var window = (await Api.Get($"/api/alignments/KZ?validFrom=2023&validTo=2023&minPosition={position}")).As<AlignmentView>();

        window.ClaimCount.ShouldBe(0);   // the recoding did move the claim out of 2023: a change of contributions, not of scores
        changes.Items.ShouldBeEmpty();
        var history = (await Api.Get("/api/alignments/KZ/history")).As<Paged<HistoryEntry>>();
        history.Items.Select(h => h.Sequence).ShouldBe([kz.Position]);
    }

    [Fact]
    public async Task a_bare_position_is_a_cursor_and_subjects_narrow_the_changes()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();
        var kg = (await Api.Post("/api/claims", KyrgyzClaim)).As<RecordClaimResult>();

        var afterKz = (await Api.Get($"/api/alignments/changes?after={kz.Position}&minPosition={kg.Position}")).As<AlignmentChangePage>();
        var onlyKz = (await Api.Get($"/api/alignments/changes?subjects=KZ&minPosition={kg.Position}")).As<AlignmentChangePage>();

        afterKz.Items.Select(c => c.Cursor).ShouldBe([$"{kg.Position}:KG"]);
        afterKz.Next.ShouldBeNull();
        afterKz.Position.ShouldBeGreaterThanOrEqualTo(kg.Position);
        onlyKz.Items.Select(c => c.Subject).ShouldBe(["KZ"]);
    }

    [Fact]
    public async Task the_route_sits_beside_a_subjects_alignment_and_bad_cursors_are_400s()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var kz = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>();

        (await Api.Get($"/api/alignments/KZ?minPosition={kz.Position}")).As<AlignmentView>().ClaimCount.ShouldBe(1);
        (await Api.Get("/api/alignments/changes")).Code.ShouldBe(200);
        var bad = await Api.Get("/api/alignments/changes?after=12:Atlantis&limit=0&subjects=XX1");
        bad.ShouldBeProblem(400, "after");
        bad.As<HttpValidationProblemDetails>().Errors.Keys.ShouldBe(["after", "limit", "subjects"], ignoreOrder: true);
    }

    private static readonly object KyrgyzClaim = new
    {
        subject = "KG", statement = "Kyrgyz trade with China rose sharply last year.",
        effects = new[] { new { power = "CN", dimension = "economic", direction = "toward", strength = 1 } },
        validTime = "2023", evidence = Samples.Evidence("steppe", Samples.TradeText, "Trade between Astana and Beijing rose sharply last year."),
        confidence = 0.6,
    };
}

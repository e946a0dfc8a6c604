using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

public sealed class AlignmentTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private string _claim = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe", reliability: "B"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe", confidence: 0.5))).As<RecordClaimResult>().Id;
    }

    [Fact]
    public async Task a_recorded_claim_moves_the_subjects_scores_by_its_weighted_effects()
    {
        var kz = await Alignment("KZ");

        // CN toward 2 × confidence 0.5 × reliability B 0.8 × one independent source 1.0 = 0.8; RU away 1 → −0.4
        kz.Scores["CN"]["economic"].ShouldBe(0.8m);
        kz.Scores["CN"]["overall"].ShouldBe(0.8m);
        kz.Scores["RU"]["economic"].ShouldBe(-0.4m);
        kz.Scores["CN"]["security"].ShouldBe(0m);
        kz.ClaimCount.ShouldBe(1);
        kz.LeadingPower.ShouldBe("CN");
        kz.Label.ShouldBe("aligned with CN");
        await kz.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task corroboration_by_an_independent_source_raises_the_weight()
    {
        var text = Samples.TradeText.Replace("customs data", "the bureau");
        await Api.Post("/api/sources", Samples.Source(text, id: "wire", carrier: "Central Asia Wire", reliability: "A"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("wire", text, confidence: 0.5));

        var kz = await Alignment("KZ");

        // best reliability A 1.0, two independent voices ×1.5: 2 × 0.5 × 1.0 × 1.5 = 1.5
        kz.Scores["CN"]["economic"].ShouldBe(1.5m);
        await kz.EachScoreShouldBeTheSumOfItsContributions(Api);
    }

    [Fact]
    public async Task regrading_the_source_rescores_its_claims()
    {
        await Api.Post("/api/sources/steppe/reliability", new { grade = "E", reason = "Figures were fabricated before." });

        (await Alignment("KZ")).Scores["CN"]["economic"].ShouldBe(0.2m);
    }

    [Fact]
    public async Task a_contestation_dilutes_the_claim()
    {
        await Api.Post($"/api/claims/{_claim}/contestations", new { reason = "Re-exports inflate it." });

        (await Alignment("KZ")).Scores["CN"]["economic"].ShouldBe(0.4m);
    }

    [Theory]
    [InlineData("retraction", """{"reason":"Wrong."}""")]
    [InlineData("review", """{"decision":"rejected","reason":"Misread."}""")]
    public async Task retracted_and_rejected_claims_weigh_nothing(string command, string body)
    {
        await Api.Post($"/api/claims/{_claim}/{command}", body);

        var kz = await Alignment("KZ");

        kz.Scores.Count.ShouldBe(0);
        kz.Contributions.Count.ShouldBe(0);
        kz.Label.ShouldBe("no signal");
    }

    [Fact]
    public async Task a_retracted_source_no_longer_supports_its_claims()
    {
        await Api.Post("/api/sources/steppe/retraction", new { reason = "Publisher withdrew the article." });

        (await Alignment("KZ")).Contributions.ShouldBeEmpty();
    }

    [Fact]
    public async Task every_subject_is_listed_with_its_label_and_leading_power()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.ArmeniaText, id: "yerevan", carrier: "Yerevan Daily", reliability: "A"));
        await Api.Post("/api/claims", new
        {
            subject = "AM", statement = "Armenia froze its participation in the CSTO.", confidence = 0.9,
            effects = new[] { new { power = "RU", dimension = "security", direction = "away", strength = 3 } },
            evidence = Samples.Evidence("yerevan", Samples.ArmeniaText, "Yerevan froze its participation"),
        });
        await Fixture.WaitForProjectionsAsync();

        var all = (await Api.Get("/api/alignments")).As<List<AlignmentSummary>>();

        all.Select(a => a.Subject).ShouldBe(["AM", "KZ"]);
        all[0].Label.ShouldBe("no signal");
        all[1].LeadingPower.ShouldBe("CN");
    }

    [Fact]
    public async Task an_unknown_subject_code_is_a_400_and_a_quiet_subject_is_empty()
    {
        (await Api.Get("/api/alignments/Kazakhstan")).ShouldBeProblem(400, "subject");
        var quiet = await Alignment("MN");
        quiet.ClaimCount.ShouldBe(0);
        quiet.Label.ShouldBe("no signal");
    }

    private async Task<AlignmentView> Alignment(string subject)
    {
        await Fixture.WaitForProjectionsAsync();
        var reply = await Api.Get($"/api/alignments/{subject}");
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<AlignmentView>();
    }
}

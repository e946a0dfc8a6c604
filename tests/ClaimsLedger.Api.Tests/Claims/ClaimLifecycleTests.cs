using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class ClaimLifecycleTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private string _claim = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText.Replace("customs data", "the bureau"), id: "wire", carrier: "Wire"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Id;
    }

    [Fact]
    public async Task each_command_appends_one_event_and_answers_with_the_new_version()
    {
        var text = Samples.TradeText.Replace("customs data", "the bureau");
        var corroborated = await Api.Post($"/api/claims/{_claim}/corroborations",
            new { evidence = Samples.Evidence("wire", text, "overtaking Russia"), expectedVersion = 1 });
        var contested = await Api.Post($"/api/claims/{_claim}/contestations", new { reason = "Re-exports inflate the figure.", expectedVersion = 2 });
        var revised = await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.5, reason = "Contested.", expectedVersion = 3 });
        var reviewed = await Api.Post($"/api/claims/{_claim}/review", new { decision = "accepted", reason = "Checked the customs tables.", expectedVersion = 4 });
        var retracted = await Api.Post($"/api/claims/{_claim}/retraction", new { reason = "Figures were revised by customs.", expectedVersion = 5 });

        corroborated.As<ClaimDetails>().Version.ShouldBe(2, corroborated.Body);
        contested.As<ClaimDetails>().Contestations[0].Reason.ShouldBe("Re-exports inflate the figure.");
        revised.As<ClaimDetails>().Confidence.ShouldBe(0.5);
        reviewed.As<ClaimDetails>().Status.ShouldBe(ClaimStatus.Accepted);
        reviewed.As<ClaimDetails>().LastReview.ShouldNotBeNull().Actor.ShouldBe(LedgerApi.DefaultActor);
        retracted.As<ClaimDetails>().Status.ShouldBe(ClaimStatus.Retracted);
        retracted.As<ClaimDetails>().Version.ShouldBe(6);
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_409_and_appends_nothing()
    {
        await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.5, reason = "first", expectedVersion = 1 });

        var stale = await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.3, reason = "second", expectedVersion = 1 });

        stale.ShouldBeProblem(409);
        var claim = (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>();
        claim.Version.ShouldBe(2);
        claim.Confidence.ShouldBe(0.5);
    }

    [Fact]
    public async Task if_match_is_honoured_like_expected_version()
    {
        var etag = (await Api.Get($"/api/claims/{_claim}")).Headers.ETag!.Tag;
        etag.ShouldBe("\"1\"");

        var reply = await Api.Post($"/api/claims/{_claim}/review", new { decision = "rejected", reason = "Wrong year." },
            headers: new Dictionary<string, string> { ["If-Match"] = "\"7\"" });

        reply.ShouldBeProblem(409);
    }

    [Theory]
    [InlineData("\"1")]
    [InlineData("1\"")]
    [InlineData("\"01\"")]
    [InlineData("1")]
    [InlineData("\"+1\"")]
    [InlineData("\"\"")]
    [InlineData("\"1\", \"2\"")]
    [InlineData("W/\"1\"")]
    public async Task an_if_match_that_is_not_the_served_etag_exactly_is_a_400_and_appends_nothing(string ifMatch)
    {
        var reply = await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.3, reason = "Revised." },
            headers: new Dictionary<string, string> { ["If-Match"] = ifMatch });

        reply.ShouldBeProblem(400, "If-Match");
        var claim = (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>();
        (claim.Version, claim.Confidence).ShouldBe((1, 0.8));
    }

    [Fact]
    public async Task if_match_star_writes_on_whatever_version_the_claim_is_at_and_a_missing_claim_is_still_404()
    {
        var star = new Dictionary<string, string> { ["If-Match"] = "*" };
        await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.6, reason = "first" });

        var reply = await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.4, reason = "second" }, headers: star);
        var missing = await Api.Post("/api/claims/clm-000000000000000000000000/confidence", new { confidence = 0.4, reason = "none" }, headers: star);

        reply.Code.ShouldBe(200, reply.Body);
        reply.Headers.ETag!.Tag.ShouldBe("\"3\"");
        (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>().Confidence.ShouldBe(0.4);
        missing.ShouldBeProblem(404);
    }

    [Fact]
    public async Task an_idempotency_key_makes_a_retry_answer_the_first_response_and_change_nothing()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "retry-123" };
        var first = await Api.Post($"/api/claims/{_claim}/confidence", new { reason = "Disputed.", confidence = 0.5 }, actor: "a1", headers: key);
        await Api.Post($"/api/claims/{_claim}/confidence", new { reason = "Later.", confidence = 0.4 }, actor: "a2");

        var retry = await Api.Post($"/api/claims/{_claim}/confidence", new { reason = "Disputed.", confidence = 0.5 }, actor: "a1", headers: key);

        first.Code.ShouldBe(200, first.Body);
        retry.Code.ShouldBe(200, retry.Body);
        retry.Body.ShouldBe(first.Body);
        (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>().Confidence.ShouldBe(0.4);
    }

    [Fact]
    public async Task an_idempotency_key_reused_for_another_request_is_refused_and_applies_nothing()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "reused" };
        await Api.Post($"/api/claims/{_claim}/confidence", new { reason = "First.", confidence = 0.5 }, headers: key);

        var reused = await Api.Post($"/api/claims/{_claim}/confidence", new { reason = "Second.", confidence = 0.3 }, headers: key);

        reused.ShouldBeProblem(422);
        reused.Body.ShouldContain("Idempotency-Key");
        (await Api.Get($"/api/claims/{_claim}")).As<ClaimDetails>().Confidence.ShouldBe(0.5);
    }

    [Fact]
    public async Task an_idempotency_key_belongs_to_its_caller()
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = "shared-by-accident" };
        await Api.Post($"/api/claims/{_claim}/contestations", new { reason = "Disputed." }, actor: "a1", headers: key);

        var other = await Api.Post($"/api/claims/{_claim}/contestations", new { reason = "Disputed." }, actor: "a2", headers: key);

        other.Code.ShouldBe(200, other.Body);
        other.As<ClaimDetails>().Contestations.Count.ShouldBe(2);
    }

    [Fact]
    public async Task revisions_reviews_and_retractions_require_a_reason()
    {
        (await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.5 })).ShouldBeProblem(400, "reason");
        (await Api.Post($"/api/claims/{_claim}/review", new { decision = "accepted" })).ShouldBeProblem(400, "reason");
        (await Api.Post($"/api/claims/{_claim}/retraction", new { })).ShouldBeProblem(400, "reason");
        (await Api.Post($"/api/claims/{_claim}/contestations", new { })).ShouldBeProblem(400, "reason");
        (await Api.Post($"/api/claims/{_claim}/review", new { decision = "maybe", reason = "r" })).ShouldBeProblem(400, "decision");
    }

    [Fact]
    public async Task commands_on_an_unknown_claim_are_404()
    {
        (await Api.Post("/api/claims/clm-000000000000000000000000/retraction", new { reason = "r" })).ShouldBeProblem(404, "id");
        (await Api.Get("/api/claims/clm-000000000000000000000000")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task a_retracted_claim_accepts_no_further_judgements()
    {
        await Api.Post($"/api/claims/{_claim}/retraction", new { reason = "Wrong." });

        (await Api.Post($"/api/claims/{_claim}/confidence", new { confidence = 0.9, reason = "r" })).ShouldBeProblem(409);
        (await Api.Post($"/api/claims/{_claim}/retraction", new { reason = "Again." })).Code.ShouldBe(200);
    }
}

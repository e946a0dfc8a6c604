using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Decisions;

// Given a claim stream's events, when a command is decided, then these events or this refusal follow. Pure: no
// database, no HTTP. The HTTP tests in Claims/ prove the wiring.

public sealed class RecordClaimDecisionTests
{
    private static readonly ClaimDraft Draft = new("KZ", "China overtook Russia.", [Given.ChinaEconomic], "2023", null, 0.7);
    private static RecordClaim Command(int start = 0, int end = 10, string? quote = null, string sourceId = "a", string? origin = null) =>
        new(Draft, new EvidenceSpan(sourceId, start, end, quote ?? Given.Text[start..end]), origin, ClaimStatus.Recorded);

    [Fact]
    public void a_new_claim_is_extracted_with_its_actor_origin_status_and_checked_evidence()
    {
        var decision = RecordClaim.Decide(null, Given.Source(), Command(origin: "extractor:rules"), "ana");

        decision.Outcome.ShouldBe(Outcome.Created);
        var extracted = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ClaimExtracted>();
        extracted.ClaimId.ShouldBe(Draft.Id);
        extracted.Actor.ShouldBe("ana");
        extracted.Origin.ShouldBe("extractor:rules");
        extracted.Evidence.ShouldBe(new Evidence("a", 0, 10, "0123456789", "publisher a"));
    }

    [Fact]
    public void an_analysts_claim_names_the_analyst_as_its_origin()
    {
        var extracted = RecordClaim.Decide(null, Given.Source(), Command(), "bob").Events.Single().ShouldBeOfType<ClaimExtracted>();

        extracted.Origin.ShouldBe("analyst:bob");
    }

    [Fact]
    public void new_evidence_for_a_known_claim_corroborates_it()
    {
        var decision = RecordClaim.Decide(Given.Claim(), Given.Source("b", "publisher b"), Command(11, 16, sourceId: "b"), "bob");

        decision.Outcome.ShouldBe(Outcome.Changed);
        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimCorroborated("clm-1", new Evidence("b", 11, 16, "China", "publisher b"), "bob"));
    }

    [Fact]
    public void new_evidence_for_the_coding_a_claim_was_recoded_from_is_refused_not_added_to_the_recoded_claim()
    {
        var recoded = Given.Claim(new ClaimRecoded("clm-1", "KG", [Given.ChinaEconomic], "2023", "KZ", [Given.ChinaEconomic], "2023", "ana", "It is Kyrgyz."));

        var decision = RecordClaim.Decide(recoded, Given.Source("b", "publisher b"), Command(11, 16, sourceId: "b"), "bob");

        decision.Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void known_evidence_changes_nothing()
    {
        var decision = RecordClaim.Decide(Given.Claim(), Given.Source(), Command(), "bob");

        decision.ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void new_evidence_for_a_retracted_claim_is_refused()
    {
        var decision = RecordClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "wrong")), Given.Source(), Command(11, 16), "bob");

        decision.Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        decision.Events.ShouldBeEmpty();
    }

    [Fact]
    public void a_quote_that_is_not_the_source_text_is_unprocessable_and_names_the_quote()
    {
        var refusal = RecordClaim.Decide(null, Given.Source(), Command(quote: "0123456780"), "ana").Refusal.ShouldNotBeNull();

        refusal.Kind.ShouldBe(RefusalKind.Unprocessable);
        refusal.Field.ShouldBe("evidence.quote");
    }

    [Fact]
    public void evidence_from_an_unknown_source_is_not_found()
    {
        var refusal = RecordClaim.Decide(null, null, Command(), "ana").Refusal.ShouldNotBeNull();

        refusal.Kind.ShouldBe(RefusalKind.NotFound);
        refusal.Field.ShouldBe("evidence.sourceId");
    }

    [Fact]
    public void evidence_from_a_retracted_source_is_unprocessable()
    {
        RecordClaim.Decide(null, Given.Source(retracted: true), Command(), "ana").Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Unprocessable);
    }
}

public sealed class CorroborateClaimDecisionTests
{
    private static CorroborateClaim Command(int start, int end) => new("clm-1", new EvidenceSpan("b", start, end, Given.Text[start..end]), null);

    [Fact]
    public void new_evidence_corroborates()
    {
        var decision = CorroborateClaim.Decide(Given.Claim(), Given.Source("b", "publisher b"), Command(11, 16), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimCorroborated("clm-1", new Evidence("b", 11, 16, "China", "publisher b"), "bob"));
    }

    [Fact]
    public void the_same_passage_again_changes_nothing()
    {
        var known = new ClaimCorroborated("clm-1", new Evidence("b", 11, 16, "China", "publisher b"), "bob");

        CorroborateClaim.Decide(Given.Claim(known), Given.Source("b", "publisher b"), Command(11, 16), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_retracted_claim_is_refused_before_its_evidence_is_looked_at()
    {
        CorroborateClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "wrong")), null, Command(11, 16), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class ContestClaimDecisionTests
{
    [Fact]
    public void an_analyst_contests_with_a_reason_alone()
    {
        var decision = ContestClaim.Decide(Given.Claim(), null, new ContestClaim("clm-1", null, "Re-exports.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimContested("clm-1", null, "bob", "Re-exports."));
    }

    [Fact]
    public void the_same_analyst_contesting_again_changes_nothing()
    {
        var claim = Given.Claim(new ClaimContested("clm-1", null, "bob", "Re-exports."));

        ContestClaim.Decide(claim, null, new ContestClaim("clm-1", null, "Still re-exports.", null), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_source_passage_contests_with_checked_evidence()
    {
        var command = new ContestClaim("clm-1", new EvidenceSpan("b", 11, 16, "China"), "Denied.", null);

        var contested = ContestClaim.Decide(Given.Claim(), Given.Source("b", "publisher b"), command, "bob").Events.Single().ShouldBeOfType<ClaimContested>();

        contested.Evidence.ShouldBe(new Evidence("b", 11, 16, "China", "publisher b"));
    }

    [Fact]
    public void a_retracted_claim_cannot_be_contested()
    {
        ContestClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "x")), null, new ContestClaim("clm-1", null, "r", null), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class ReviseClaimConfidenceDecisionTests
{
    [Fact]
    public void a_new_confidence_is_recorded_with_the_previous_one()
    {
        var decision = ReviseClaimConfidence.Decide(Given.Claim(), new ReviseClaimConfidence("clm-1", 0.4, "Contested.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimConfidenceRevised("clm-1", 0.7, 0.4, "bob", "Contested."));
    }

    [Fact]
    public void the_same_confidence_changes_nothing()
    {
        ReviseClaimConfidence.Decide(Given.Claim(), new ReviseClaimConfidence("clm-1", 0.7, "Same.", null), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_retracted_claim_keeps_its_confidence()
    {
        ReviseClaimConfidence.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "x")), new ReviseClaimConfidence("clm-1", 0.4, "r", null), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class ReviewClaimDecisionTests
{
    [Fact]
    public void a_review_records_the_decision_and_why()
    {
        var decision = ReviewClaim.Decide(Given.Claim(), new ReviewClaim("clm-1", ReviewDecision.Rejected, "Wrong year.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimReviewed("clm-1", ReviewDecision.Rejected, "bob", "Wrong year."));
    }

    [Fact]
    public void the_same_decision_again_changes_nothing()
    {
        var accepted = Given.Claim(new ClaimReviewed("clm-1", ReviewDecision.Accepted, "bob", "Checked."));

        ReviewClaim.Decide(accepted, new ReviewClaim("clm-1", ReviewDecision.Accepted, "Checked again.", null), "eve").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_retracted_claim_cannot_be_reviewed()
    {
        ReviewClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "x")), new ReviewClaim("clm-1", ReviewDecision.Accepted, "r", null), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class RetractClaimDecisionTests
{
    [Fact]
    public void a_retraction_records_who_and_why()
    {
        var decision = RetractClaim.Decide(Given.Claim(), new RetractClaim("clm-1", "Customs revised the figures.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimRetracted("clm-1", "bob", "Customs revised the figures."));
    }

    [Fact]
    public void retracting_twice_changes_nothing()
    {
        RetractClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "x")), new RetractClaim("clm-1", "again", null), "bob")
            .ShouldBe(Decision.Unchanged);
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Decisions;

// The rest of a claim's lifecycle: recoding, supersession, merging, and whether a review is final. Pure: no database, no HTTP.

public sealed class RecodeClaimDecisionTests
{
    private static readonly Effect RussiaAway = new("RU", Dimension.Economic, Direction.Away, 1);

    private static RecodeClaim Command(string? subject = null, IReadOnlyList<Effect>? effects = null, string? validTime = null) =>
        new("clm-1", subject, effects, validTime, "Coded against the customs series.", null);

    [Fact]
    public void new_effects_are_recorded_with_the_previous_coding_actor_and_reason()
    {
        var decision = RecodeClaim.Decide(Given.Claim(), Command(effects: [Given.ChinaEconomic, RussiaAway]), "bob");

        decision.Outcome.ShouldBe(Outcome.Changed);
        var recoded = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ClaimRecoded>();
        recoded.ClaimId.ShouldBe("clm-1");
        recoded.Subject.ShouldBe("KZ");
        recoded.Effects.ShouldBe([Given.ChinaEconomic, RussiaAway]);
        recoded.ValidTime.ShouldBe("2023");
        recoded.PreviousEffects.ShouldBe([Given.ChinaEconomic]);
        recoded.PreviousSubject.ShouldBe("KZ");
        recoded.PreviousValidTime.ShouldBe("2023");
        (recoded.Actor, recoded.Reason).ShouldBe(("bob", "Coded against the customs series."));
    }

    [Fact]
    public void a_new_subject_and_valid_time_keep_the_effects()
    {
        var recoded = RecodeClaim.Decide(Given.Claim(), Command(subject: "KG", validTime: "2022/2023"), "bob").Events.Single().ShouldBeOfType<ClaimRecoded>();

        (recoded.Subject, recoded.ValidTime, recoded.PreviousSubject).ShouldBe(("KG", "2022/2023", "KZ"));
        recoded.Effects.ShouldBe([Given.ChinaEconomic]);
    }

    [Fact]
    public void the_coding_the_claim_already_has_changes_nothing_whatever_the_order_of_effects()
    {
        var claim = Given.Claim(new ClaimRecoded("clm-1", "KZ", [Given.ChinaEconomic, RussiaAway], "2023", "KZ", [Given.ChinaEconomic], "2023", "ana", "r"));

        RecodeClaim.Decide(claim, Command(subject: "KZ", effects: [RussiaAway, Given.ChinaEconomic], validTime: "2023"), "bob").ShouldBe(Decision.Unchanged);
    }

    [Theory]
    [MemberData(nameof(NotCurrent))]
    public void a_claim_that_is_no_longer_current_is_not_recoded(object closing)
    {
        RecodeClaim.Decide(Given.Claim(closing), Command(subject: "KG"), "bob").Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }

    public static TheoryData<object> NotCurrent() =>
    [
        new ClaimRetracted("clm-1", "ana", "x"),
        new ClaimSuperseded("clm-1", "clm-2", "ana", "x"),
        new ClaimMergedInto("clm-1", "clm-2", "ana", "x"),
    ];
}

public sealed class SupersedeClaimDecisionTests
{
    private static readonly ClaimState Newer = Given.ClaimFrom(Given.Extracted("clm-2"));

    private static SupersedeClaim Command(string newer = "clm-2") => new("clm-1", newer, "Customs revised the figure.", null);

    [Fact]
    public void the_older_claim_records_the_newer_one_who_and_why()
    {
        var decision = SupersedeClaim.Decide(Given.Claim(), Newer, Command(), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimSuperseded("clm-1", "clm-2", "bob", "Customs revised the figure."));
    }

    [Fact]
    public void superseding_by_the_same_claim_again_changes_nothing()
    {
        var superseded = Given.Claim(new ClaimSuperseded("clm-1", "clm-2", "ana", "first"));

        SupersedeClaim.Decide(superseded, Newer, Command(), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_claim_already_superseded_by_another_is_a_conflict()
    {
        var superseded = Given.Claim(new ClaimSuperseded("clm-1", "clm-3", "ana", "first"));

        SupersedeClaim.Decide(superseded, Newer, Command(), "bob").Refusal.ShouldNotBeNull().Detail.ShouldContain("clm-3");
    }

    [Fact]
    public void the_newer_claim_must_exist()
    {
        var refusal = SupersedeClaim.Decide(Given.Claim(), null, Command(), "bob").Refusal.ShouldNotBeNull();

        refusal.Kind.ShouldBe(RefusalKind.NotFound);
        refusal.Field.ShouldBe("newerClaimId");
    }

    [Fact]
    public void a_newer_claim_that_is_retracted_rejected_or_itself_superseded_cannot_supersede()
    {
        foreach (var later in new object[]
                 {
                     new ClaimRetracted("clm-2", "ana", "x"), new ClaimReviewed("clm-2", ReviewDecision.Rejected, "ana", "x"),
                     new ClaimSuperseded("clm-2", "clm-1", "ana", "a cycle"),
                 })
        {
            var newer = Given.ClaimFrom(Given.Extracted("clm-2"), later);
            SupersedeClaim.Decide(Given.Claim(), newer, Command(), "bob").Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict, later.ToString());
        }
    }

    [Fact]
    public void a_retracted_claim_is_not_superseded()
    {
        SupersedeClaim.Decide(Given.Claim(new ClaimRetracted("clm-1", "ana", "x")), Newer, Command(), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class MergeClaimsDecisionTests
{
    private static readonly Evidence FromB = new("b", 11, 16, "China", "publisher b");
    private static readonly Evidence FromA = Given.Extracted().Evidence;

    private static MergeClaims Command() => new("clm-1", "clm-2", "Same finding, coded twice.", null);

    [Fact]
    public void the_duplicates_new_evidence_and_contestations_go_to_the_survivor_and_the_duplicate_is_closed()
    {
        var analyst = new ClaimContested("clm-2", null, "eve", "Re-exports.");
        var duplicate = Given.ClaimFrom(Given.Extracted("clm-2"), new ClaimCorroborated("clm-2", FromB, "ana"), analyst);

        var decision = MergeClaims.Decide(Given.Claim(), duplicate, Command(), "bob");

        decision.Outcome.ShouldBe(Outcome.Changed);
        decision.Events.Count.ShouldBe(2);
        var merged = decision.Events[0].ShouldBeOfType<ClaimsMerged>();
        merged.ClaimId.ShouldBe("clm-1");
        merged.DuplicateId.ShouldBe("clm-2");
        merged.Evidence.ShouldBe([FromB], "the passage both already cite is not carried twice");
        merged.Contestations.ShouldBe([new CarriedContestation(null, "eve", "Re-exports.")]);
        (merged.Actor, merged.Reason).ShouldBe(("bob", "Same finding, coded twice."));
        decision.Events[1].ShouldBe(new ClaimMergedInto("clm-2", "clm-1", "bob", "Same finding, coded twice."));
        FromA.ShouldBe(duplicate.Evidence[0]);
    }

    [Fact]
    public void merging_the_same_duplicate_again_changes_nothing()
    {
        var duplicate = Given.ClaimFrom(Given.Extracted("clm-2"), new ClaimMergedInto("clm-2", "clm-1", "ana", "first"));

        MergeClaims.Decide(Given.Claim(), duplicate, Command(), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void the_duplicate_must_exist()
    {
        var refusal = MergeClaims.Decide(Given.Claim(), null, Command(), "bob").Refusal.ShouldNotBeNull();

        refusal.Kind.ShouldBe(RefusalKind.NotFound);
        refusal.Field.ShouldBe("duplicateId");
    }

    [Fact]
    public void a_duplicate_merged_elsewhere_retracted_or_superseded_is_a_conflict()
    {
        foreach (var later in new object[]
                 {
                     new ClaimMergedInto("clm-2", "clm-3", "ana", "x"), new ClaimRetracted("clm-2", "ana", "x"), new ClaimSuperseded("clm-2", "clm-3", "ana", "x"),
                 })
        {
            var duplicate = Given.ClaimFrom(Given.Extracted("clm-2"), later);
            MergeClaims.Decide(Given.Claim(), duplicate, Command(), "bob").Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict, later.ToString());
        }
    }

    [Fact]
    public void a_survivor_that_is_no_longer_current_cannot_absorb_a_duplicate()
    {
        MergeClaims.Decide(Given.Claim(new ClaimSuperseded("clm-1", "clm-3", "ana", "x")), Given.ClaimFrom(Given.Extracted("clm-2")), Command(), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }

    [Fact]
    public void a_merged_claim_takes_no_more_evidence_judgements_or_retraction()
    {
        var merged = Given.Claim(new ClaimMergedInto("clm-1", "clm-2", "ana", "dup"));

        CorroborateClaim.Decide(merged, Given.Source("b", "publisher b"), new CorroborateClaim("clm-1", new EvidenceSpan("b", 11, 16, "China"), null), "bob")
            .Refusal.ShouldNotBeNull().Detail.ShouldContain("clm-2");
        ContestClaim.Decide(merged, null, new ContestClaim("clm-1", null, "r", null), "bob").Refusal.ShouldNotBeNull();
        ReviseClaimConfidence.Decide(merged, new ReviseClaimConfidence("clm-1", 0.2, "r", null), "bob").Refusal.ShouldNotBeNull();
        RetractClaim.Decide(merged, new RetractClaim("clm-1", "r", null), "bob").Refusal.ShouldNotBeNull();
    }
}

public sealed class ReviewFinalityDecisionTests
{
    [Fact]
    public void a_rejected_claim_can_be_accepted_by_a_later_review_and_both_decisions_are_events()
    {
        var rejected = Given.Claim(new ClaimReviewed("clm-1", ReviewDecision.Rejected, "ana", "Wrong year."));

        var decision = ReviewClaim.Decide(rejected, new ReviewClaim("clm-1", ReviewDecision.Accepted, "The year was right after all.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimReviewed("clm-1", ReviewDecision.Accepted, "bob", "The year was right after all."));
    }

    [Fact]
    public void a_superseded_claim_is_not_reviewed_its_successor_is()
    {
        var superseded = Given.Claim(new ClaimSuperseded("clm-1", "clm-2", "ana", "newer"));

        ReviewClaim.Decide(superseded, new ReviewClaim("clm-1", ReviewDecision.Accepted, "r", null), "bob").Refusal.ShouldNotBeNull().Detail.ShouldContain("clm-2");
    }
}

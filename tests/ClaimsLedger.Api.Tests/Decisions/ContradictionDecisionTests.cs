using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Contradictions;

namespace ClaimsLedger.Api.Tests.Decisions;

public sealed class ResolveContradictionDecisionTests
{
    private static readonly string Id = ContradictionIds.For("clm-b", "clm-a");
    private static readonly Contradiction Found = new() { Id = Id, Subject = "KZ", ClaimIds = ["clm-a", "clm-b"], Active = true };

    private static ResolveContradiction Command(string winner = "clm-a", long? expectedVersion = null) =>
        new(Id, winner, "The customs series settles it.", expectedVersion);

    private static ContradictionState Resolved(string winner, long version = 1) => new(Id, winner) { Version = version };

    [Fact]
    public void the_id_is_the_same_whichever_claim_is_named_first_and_carries_its_kind()
    {
        ContradictionIds.For("clm-a", "clm-b").ShouldBe(Id);
        Id.ShouldStartWith("ctr-");
        ContradictionIds.For("clm-a", "clm-c").ShouldNotBe(Id);
    }

    [Fact]
    public void a_first_resolution_starts_the_stream_with_the_winner_the_loser_who_and_why()
    {
        var decision = ResolveContradiction.Decide(null, Found, Command(), "ana");

        decision.Outcome.ShouldBe(Outcome.Created);
        decision.Events.ShouldHaveSingleItem().ShouldBe(new ContradictionResolved(Id, "clm-a", "clm-b", "ana", "The customs series settles it."));
    }

    [Fact]
    public void the_same_winner_again_changes_nothing_and_another_one_is_a_new_resolution()
    {
        ResolveContradiction.Decide(Resolved("clm-a"), Found, Command(), "bob").ShouldBe(Decision.Unchanged);

        var changed = ResolveContradiction.Decide(Resolved("clm-a"), Found, Command("clm-b", expectedVersion: 1), "bob");
        changed.Outcome.ShouldBe(Outcome.Changed);
        changed.Events.ShouldHaveSingleItem().ShouldBeOfType<ContradictionResolved>().LosingClaimId.ShouldBe("clm-a");
    }

    [Fact]
    public void an_unknown_contradiction_is_not_found_and_a_winner_outside_the_pair_is_unprocessable()
    {
        var missing = ResolveContradiction.Decide(null, null, Command(), "ana").Refusal.ShouldNotBeNull();
        var outside = ResolveContradiction.Decide(null, Found, Command("clm-z"), "ana").Refusal.ShouldNotBeNull();

        (missing.Kind, missing.Field).ShouldBe((RefusalKind.NotFound, "id"));
        (outside.Kind, outside.Field).ShouldBe((RefusalKind.Unprocessable, "winningClaimId"));
    }

    [Fact]
    public void a_stale_expected_version_is_a_conflict()
    {
        ResolveContradiction.Decide(Resolved("clm-a", version: 2), Found, Command("clm-b", expectedVersion: 1), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

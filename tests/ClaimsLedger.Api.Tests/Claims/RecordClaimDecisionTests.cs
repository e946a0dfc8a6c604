using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>The pure decision behind POST /api/claims: given what the stream holds, which events follow.</summary>
public sealed class RecordClaimDecisionTests
{
    private static readonly ClaimDraft Draft = new("KZ", "China overtook Russia.", [new Effect("CN", Dimension.Economic, Direction.Toward, 2)], "2023", null, 0.7);
    private static readonly Evidence FromA = new("a", 0, 10, "0123456789", "publisher a");
    private static readonly Evidence FromB = new("b", 5, 9, "5678", "publisher b");

    [Fact]
    public void a_new_claim_is_extracted_with_actor_origin_and_status()
    {
        var (outcome, decision) = RecordClaimDecision.Decide(null, Draft, FromA, "ana", "analyst:ana", ClaimStatus.Recorded);

        outcome.ShouldBe(RecordOutcome.Created);
        var extracted = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ClaimExtracted>();
        extracted.ClaimId.ShouldBe(Draft.Id);
        extracted.Actor.ShouldBe("ana");
        extracted.Origin.ShouldBe("analyst:ana");
        extracted.Evidence.ShouldBe(FromA);
    }

    [Fact]
    public void new_evidence_for_a_known_claim_corroborates_it()
    {
        var existing = ClaimState.Create(new ClaimExtracted(Draft.Id, "KZ", "s", Draft.Effects, "2023", null, FromA, 0.7, "o", ClaimStatus.Recorded, "ana"));

        var (outcome, decision) = RecordClaimDecision.Decide(existing, Draft, FromB, "bob", "analyst:bob", ClaimStatus.Recorded);

        outcome.ShouldBe(RecordOutcome.Corroborated);
        decision.Events.ShouldHaveSingleItem().ShouldBe(new ClaimCorroborated(Draft.Id, FromB, "bob"));
    }

    [Fact]
    public void known_evidence_changes_nothing()
    {
        var existing = ClaimState.Create(new ClaimExtracted(Draft.Id, "KZ", "s", Draft.Effects, "2023", null, FromA, 0.7, "o", ClaimStatus.Recorded, "ana"));

        var (outcome, decision) = RecordClaimDecision.Decide(existing, Draft, FromA with { Quote = "0123456789" }, "bob", "o", ClaimStatus.Recorded);

        outcome.ShouldBe(RecordOutcome.Unchanged);
        decision.Events.ShouldBeEmpty();
        decision.Refusal.ShouldBeNull();
    }

    [Fact]
    public void new_evidence_for_a_retracted_claim_is_refused()
    {
        var existing = ClaimState.Create(new ClaimExtracted(Draft.Id, "KZ", "s", Draft.Effects, "2023", null, FromA, 0.7, "o", ClaimStatus.Recorded, "ana"))
            .Apply(new ClaimRetracted(Draft.Id, "ana", "wrong"));

        RecordClaimDecision.Decide(existing, Draft, FromB, "bob", "o", ClaimStatus.Recorded).Decision.Refusal.ShouldNotBeNull();
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Claims;

// Given the stored claims and sources, when a batch is decided, then these events per stream and these outcomes per
// item follow — exactly what the same POSTs one after another would give. Pure: no database, no HTTP.

public sealed class RecordClaimsDecisionTests
{
    private static readonly ClaimDraft Draft = new("KZ", "China overtook Russia.", [Given.ChinaEconomic], "2023", null, 0.7);
    private static readonly ClaimDraft Other = new("KG", "Bishkek leans on Moscow.", [Given.ChinaEconomic with { Power = "RU" }], null, null, 0.5);

    private static readonly Dictionary<string, SourceDetails> Sources = new()
    {
        ["a"] = Given.Source(), ["b"] = Given.Source("b", "publisher b"), ["gone"] = Given.Source("gone", "publisher c", retracted: true),
    };

    private static RecordClaim Claim(ClaimDraft? draft = null, int start = 0, int end = 10, string sourceId = "a", string? quote = null) =>
        new(draft ?? Draft, new EvidenceSpan(sourceId, start, end, quote ?? Given.Text[start..end]), null, ClaimStatus.Recorded);

    private static RecordClaims Batch(params RecordClaim[] claims) => new([.. claims.Select((c, i) => new RecordClaims.Item(i, c))]);

    private static RecordClaims.BatchDecision Decide(RecordClaims batch, Dictionary<string, ClaimState?>? stored = null) =>
        RecordClaims.Decide(stored ?? batch.ClaimIds.ToDictionary(id => id, _ => (ClaimState?)null), Sources, batch, "ana");

    private static CommandOutcome[] Outcomes(RecordClaims.BatchDecision d) => [.. d.Outcome.Items.Select(i => i.Outcome)];

    [Fact]
    public void new_claims_are_each_created_on_their_own_stream()
    {
        var d = Decide(Batch(Claim(), Claim(Other, 11, 16)));

        Outcomes(d).ShouldBe([new CommandOutcome(Draft.Id, Outcome.Created, 1), new CommandOutcome(Other.Id, Outcome.Created, 1)]);
        d.Events[Draft.Id].ShouldHaveSingleItem().Event.ShouldBeOfType<ClaimExtracted>().Actor.ShouldBe("ana");
        d.Events[Other.Id].ShouldHaveSingleItem().Event.ShouldBeOfType<ClaimExtracted>().Subject.ShouldBe("KG");
    }

    [Fact]
    public void requests_sharing_a_commit_are_each_decided_and_appended_in_their_own_voice()
    {
        var bob = new RecordClaims.Voice("bob", "corr-bob", "cause-bob");
        var batch = new RecordClaims([new RecordClaims.Item(0, Claim()), new RecordClaims.Item(1, Claim(sourceId: "b", start: 11, end: 16), bob)]);

        var d = Decide(batch);

        d.Events[Draft.Id].Select(e => (e.Event as IActorEvent)?.Actor).ShouldBe(["ana", "bob"]);
        d.Events[Draft.Id].Select(e => e.Voice).ShouldBe([null, bob]);
    }

    [Fact]
    public void a_claim_repeated_with_the_same_evidence_is_created_once_then_unchanged()
    {
        var d = Decide(Batch(Claim(), Claim()));

        Outcomes(d).ShouldBe([new CommandOutcome(Draft.Id, Outcome.Created, 1), new CommandOutcome(Draft.Id, Outcome.Unchanged, 1)]);
        d.Events[Draft.Id].ShouldHaveSingleItem();
    }

    [Fact]
    public void a_claim_repeated_with_new_evidence_is_created_then_corroborated_on_one_stream_in_order()
    {
        var d = Decide(Batch(Claim(), Claim(sourceId: "b", start: 11, end: 16), Claim(sourceId: "b", start: 11, end: 16)));

        Outcomes(d).Select(o => (o.Outcome, o.Version)).ShouldBe([(Outcome.Created, 1L), (Outcome.Changed, 2L), (Outcome.Unchanged, 2L)]);
        d.Events[Draft.Id].Select(e => e.Event.GetType()).ShouldBe([typeof(ClaimExtracted), typeof(ClaimCorroborated)]);
    }

    [Fact]
    public void a_stored_claim_continues_from_its_stored_version_and_the_stored_state_is_left_alone()
    {
        var batch = Batch(Claim(sourceId: "b", start: 11, end: 16));
        var id = batch.ClaimIds.Single();
        var stored = Given.Claim(new ClaimConfidenceRevised("clm-1", 0.7, 0.5, "bob", "why")) with { Id = id };

        var d = RecordClaims.Decide(new Dictionary<string, ClaimState?> { [id] = stored }, Sources, batch, "ana");

        Outcomes(d).ShouldBe([new CommandOutcome(id, Outcome.Changed, 3)]);
        stored.Version.ShouldBe(2);
        stored.EvidenceKeys.Count.ShouldBe(1);
    }

    [Fact]
    public void refused_items_append_nothing_and_hold_nothing_back()
    {
        var d = Decide(Batch(
            Claim(quote: "not the text"),                  // quote mismatch
            Claim(Other, sourceId: "nowhere"),             // unknown source
            Claim(Other, sourceId: "gone"),                // retracted source
            Claim()));                                     // the first item's claim, now with matching evidence

        var outcomes = Outcomes(d);
        outcomes[0].Refusal.ShouldNotBeNull().ShouldSatisfyAllConditions(r => r.Kind.ShouldBe(RefusalKind.Unprocessable), r => r.Field.ShouldBe("evidence.quote"));
        outcomes[1].Refusal.ShouldNotBeNull().ShouldSatisfyAllConditions(r => r.Kind.ShouldBe(RefusalKind.NotFound), r => r.Field.ShouldBe("evidence.sourceId"));
        outcomes[2].Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Unprocessable);
        outcomes[3].ShouldBe(new CommandOutcome(Draft.Id, Outcome.Created, 1));
        d.Events.Keys.ShouldBe([Draft.Id]);
    }

    [Fact]
    public void new_evidence_for_a_retracted_claim_is_refused_as_a_conflict()
    {
        var batch = Batch(Claim(sourceId: "b", start: 11, end: 16), Claim(Other));
        var stored = Given.Claim(new ClaimRetracted("clm-1", "ana", "wrong")) with { Id = Draft.Id };

        var d = RecordClaims.Decide(new Dictionary<string, ClaimState?> { [Draft.Id] = stored, [Other.Id] = null }, Sources, batch, "ana");

        Outcomes(d)[0].Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        Outcomes(d)[1].Outcome.ShouldBe(Outcome.Created);
        d.Events.Keys.ShouldBe([Other.Id]);
    }

    [Fact]
    public void ids_and_sources_are_each_named_once()
    {
        var batch = Batch(Claim(), Claim(), Claim(Other, sourceId: "b", start: 11, end: 16), Claim(sourceId: "b", start: 11, end: 16));

        batch.ClaimIds.ShouldBe([Draft.Id, Other.Id]);
        batch.SourceIds.ShouldBe(["a", "b"]);
    }

    [Fact]
    public void refusals_become_item_results_naming_the_field_from_the_batch()
    {
        var positions = new Dictionary<(string, long), long> { [("clm-z", 1)] = 17 };
        var notFound = RecordClaimsItemResult.From(new ItemOutcome(3, new CommandOutcome("clm-x", Outcome.Unchanged, 0,
            Refusal.NotFound("evidence.sourceId", "Source 'x'"))), positions);
        var conflict = RecordClaimsItemResult.From(new ItemOutcome(4, new CommandOutcome("clm-y", Outcome.Unchanged, 2, Refusal.Conflict("retracted"))), positions);
        var created = RecordClaimsItemResult.From(new ItemOutcome(5, new CommandOutcome("clm-z", Outcome.Created, 1)), positions);

        notFound.ShouldBe(notFound with { Index = 3, Id = "clm-x", Status = 404, Position = null });
        notFound.Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[3].evidence.sourceId"]);
        conflict.Status.ShouldBe(409);
        conflict.Position.ShouldBeNull();
        conflict.Errors.ShouldNotBeNull()["claims[4]"].ShouldBe(["retracted"]);
        created.ShouldBe(new RecordClaimsItemResult(5, "clm-z", 1, "created", 17, null, null));
    }

    [Fact]
    public void invalid_items_are_answered_in_place_and_the_rest_become_the_command()
    {
        var valid = new RecordClaimRequest("KZ", "s.", [new EffectInput("CN", "economic", "toward", 1)], null, null,
            new EvidenceInput("a", 0, 10, "0123456789"), null);
        var request = new RecordClaimsRequest([valid, valid with { Subject = "Kazakhstan", Confidence = 2 }, null, valid]);
        var invalid = new List<RecordClaimsItemResult>();

        var command = request.ToCommand(new FieldErrors(), invalid);

        command.Claims.Select(c => c.Index).ShouldBe([0, 3]);
        invalid.Select(r => (r.Index, r.Status)).ShouldBe([(1, (int?)400), (2, 400)]);
        invalid[0].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[1].subject", "claims[1].confidence"], ignoreOrder: true);
        invalid[1].Errors.ShouldNotBeNull().Keys.ShouldBe(["claims[2]"]);
    }

    [Fact]
    public void an_empty_or_oversized_batch_is_refused_whole()
    {
        var empty = new FieldErrors();
        new RecordClaimsRequest([]).ToCommand(empty, []).Claims.ShouldBeEmpty();
        empty.Any.ShouldBeTrue();

        var tooMany = new FieldErrors();
        new RecordClaimsRequest([.. Enumerable.Repeat<RecordClaimRequest?>(null, RecordClaimsRequest.MaxClaims + 1)]).ToCommand(tooMany, []);
        tooMany.ToString().ShouldStartWith("claims ");
    }
}

using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Time;

namespace ClaimsLedger.Api.Tests.Decisions;

public sealed class RegisterSourceDecisionTests
{
    private static RegisterSource Command(string? id = "steppe", ReliabilityGrade? grade = ReliabilityGrade.B)
    {
        PartialDate.TryParse("2024-07", out var published);
        return new RegisterSource(id, "Kazakh trade", "Steppe Review", null, false, null, published, false, null, "en", grade, "Established.", Given.Text);
    }

    [Fact]
    public void a_new_text_is_registered_and_graded_in_one_decision()
    {
        var decision = RegisterSource.Decide(null, null, Command(), "ana");

        decision.Outcome.ShouldBe(Outcome.Created);
        var registered = decision.Events[0].ShouldBeOfType<SourceRegistered>();
        registered.SourceId.ShouldBe("steppe");
        registered.Sha256.ShouldBe(Command().Sha256);
        registered.Published.ShouldBe("2024-07");
        registered.PublishedPrecision.ShouldBe(DatePrecision.Month);
        decision.Events[1].ShouldBe(new SourceReliabilityGraded("steppe", ReliabilityGrade.B, null, "ana", "Established."));
    }

    [Fact]
    public void without_an_id_the_id_comes_from_the_title_and_the_text()
    {
        var command = Command(id: null, grade: null);

        RegisterSource.Decide(null, null, command, "ana").Events.ShouldHaveSingleItem().ShouldBeOfType<SourceRegistered>()
            .SourceId.ShouldBe($"kazakh-trade-{command.Sha256[..8]}");
    }

    [Fact]
    public void a_text_already_registered_by_the_same_carrier_answers_with_that_source_and_appends_nothing()
    {
        var earlier = new SourceText { Id = Command().Sha256, SourceId = "earlier", Carrier = "steppe  REVIEW" };

        var decision = RegisterSource.Decide(null, earlier, Command(), "ana");

        decision.Events.ShouldBeEmpty();
        decision.ExistingStreamId.ShouldBe("earlier");
    }

    [Fact]
    public void the_same_id_with_the_same_text_is_a_retry_that_changes_nothing()
    {
        var same = global::ClaimsLedger.Api.Sources.SourceState.Create(new SourceRegistered("steppe", "t", "c", null, false, null, "2024", DatePrecision.Year,
            false, null, null, Given.Text, Command().Sha256, "ana"));

        var decision = RegisterSource.Decide(same, new SourceText { Id = Command().Sha256, SourceId = "steppe", Carrier = "Steppe Review" }, Command(), "bob");

        decision.Events.ShouldBeEmpty();
        decision.Refusal.ShouldBeNull();
        decision.ExistingStreamId.ShouldBe("steppe");
    }

    [Fact]
    public void the_same_text_from_another_carrier_is_a_syndicated_copy_that_shares_the_text_and_the_original_publisher()
    {
        var original = new SourceText { Id = Command().Sha256, SourceId = "asia-times", Carrier = "Global Courant", OriginalPublisher = "Asia Times" };

        var decision = RegisterSource.Decide(null, original, Command(), "ana");

        decision.Outcome.ShouldBe(Outcome.Created);
        var copy = decision.Events[0].ShouldBeOfType<SourceRegistered>();
        (copy.SourceId, copy.Carrier, copy.CopyOf, copy.Syndicated).ShouldBe(("steppe", "Steppe Review", "asia-times", true));
        copy.OriginalPublisher.ShouldBe("Asia Times");
        copy.Text.ShouldBeEmpty("the text is stored once, with the original");
        (copy.Sha256, copy.TextLength).ShouldBe((Command().Sha256, Given.Text.Length));
        (copy.Published, copy.PublishedPrecision).ShouldBe(("2024-07", DatePrecision.Month));
        decision.Events[1].ShouldBeOfType<SourceReliabilityGraded>().SourceId.ShouldBe("steppe");
    }

    [Fact]
    public void a_copy_of_an_original_without_a_named_publisher_shares_its_carrier_as_publisher_unless_it_names_another()
    {
        var original = new SourceText { Id = Command().Sha256, SourceId = "first", Carrier = "First Wire" };

        RegisterSource.Decide(null, original, Command(), "ana").Events[0].ShouldBeOfType<SourceRegistered>().OriginalPublisher.ShouldBe("First Wire");
        RegisterSource.Decide(null, original, Command() with { OriginalPublisher = "Steppe Review" }, "ana").Events[0]
            .ShouldBeOfType<SourceRegistered>().OriginalPublisher.ShouldBe("Steppe Review");
    }

    [Fact]
    public void the_same_id_with_another_text_is_a_conflict()
    {
        RegisterSource.Decide(Given.SourceStream(), null, Command(), "ana").Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class GradeSourceReliabilityDecisionTests
{
    [Fact]
    public void a_new_grade_is_recorded_with_the_previous_one()
    {
        var source = Given.SourceStream(new SourceReliabilityGraded("a", ReliabilityGrade.C, null, "ana", "first"));

        var decision = GradeSourceReliability.Decide(source, new GradeSourceReliability("a", ReliabilityGrade.A, "Corrected.", null), "bob");

        decision.Events.ShouldHaveSingleItem().ShouldBe(new SourceReliabilityGraded("a", ReliabilityGrade.A, ReliabilityGrade.C, "bob", "Corrected."));
    }

    [Fact]
    public void the_same_grade_changes_nothing()
    {
        var source = Given.SourceStream(new SourceReliabilityGraded("a", ReliabilityGrade.C, null, "ana", "first"));

        GradeSourceReliability.Decide(source, new GradeSourceReliability("a", ReliabilityGrade.C, "Same.", null), "bob").ShouldBe(Decision.Unchanged);
    }

    [Fact]
    public void a_retracted_source_is_not_graded()
    {
        GradeSourceReliability.Decide(Given.SourceStream(new SourceRetracted("a", "ana", "x")), new GradeSourceReliability("a", ReliabilityGrade.A, "r", null), "bob")
            .Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
    }
}

public sealed class RetractSourceDecisionTests
{
    [Fact]
    public void a_retraction_records_who_and_why()
    {
        RetractSource.Decide(Given.SourceStream(), new RetractSource("a", "Fabricated.", null), "bob").Events
            .ShouldHaveSingleItem().ShouldBe(new SourceRetracted("a", "bob", "Fabricated."));
    }

    [Fact]
    public void retracting_twice_changes_nothing()
    {
        RetractSource.Decide(Given.SourceStream(new SourceRetracted("a", "ana", "x")), new RetractSource("a", "again", null), "bob")
            .ShouldBe(Decision.Unchanged);
    }
}

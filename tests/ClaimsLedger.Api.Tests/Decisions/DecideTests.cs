using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Commands;
using ClaimsLedger.Api.Tests.Support;
using Wolverine;

namespace ClaimsLedger.Api.Tests.Decisions;

/// <summary>The rules every stream command shares (Commands/StreamCommands.cs): actor, missing stream, expected version.</summary>
public sealed class DecideTests
{
    private static readonly Envelope FromBob = new() { UserName = "bob" };

    [Fact]
    public void the_actor_comes_from_the_envelope_and_the_version_counts_the_new_events()
    {
        var (events, outcome) = Decide.OnStream(new RetractClaim("clm-1", "wrong", null), Given.Claim(), FromBob, RetractClaim.Decide);

        events.ShouldHaveSingleItem().ShouldBe(new ClaimRetracted("clm-1", "bob", "wrong"));
        outcome.ShouldBe(new CommandOutcome("clm-1", Outcome.Changed, 2));
    }

    [Fact]
    public void a_missing_stream_is_not_found_naming_the_id()
    {
        var (events, outcome) = Decide.OnStream<ClaimState, RetractClaim>(new RetractClaim("clm-9", "wrong", null), null, FromBob, RetractClaim.Decide);

        events.ShouldBeEmpty();
        outcome.Refusal.ShouldBe(Refusal.NotFound("id", "Claim 'clm-9'"));
    }

    [Fact]
    public void a_stale_expected_version_is_refused_before_anything_is_decided()
    {
        var claim = Given.Claim(new ClaimConfidenceRevised("clm-1", 0.7, 0.5, "ana", "first"));

        var (events, outcome) = Decide.OnStream(new RetractClaim("clm-1", "wrong", ExpectedVersion: 1), claim, FromBob, RetractClaim.Decide);

        events.ShouldBeEmpty();
        outcome.Refusal.ShouldNotBeNull().Kind.ShouldBe(RefusalKind.Conflict);
        outcome.Version.ShouldBe(2);
    }

    [Fact]
    public void the_current_expected_version_lets_the_command_through()
    {
        var (events, _) = Decide.OnStream(new RetractClaim("clm-1", "wrong", ExpectedVersion: 1), Given.Claim(), FromBob, RetractClaim.Decide);

        events.ShouldHaveSingleItem();
    }

    [Fact]
    public void a_command_without_an_actor_is_a_bug_not_a_request()
    {
        Should.Throw<InvalidOperationException>(() => Decide.OnStream(new RetractClaim("clm-1", "wrong", null), Given.Claim(), new Envelope(), RetractClaim.Decide));
    }
}

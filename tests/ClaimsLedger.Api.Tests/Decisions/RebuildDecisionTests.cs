using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Commands;

namespace ClaimsLedger.Api.Tests.Decisions;

public sealed class RecordRebuildDecisionTests
{
    private static readonly RebuildState Running = RebuildState.Create(new ProjectionRebuildRequested("r1", ["Alignment"], 10, "ops"));

    [Fact]
    public void a_request_opens_the_rebuild_stream()
    {
        var decision = RecordRebuildRequest.Decide(null, new RecordRebuildRequest("r1", ["Alignment"], 10), "ops");

        decision.Outcome.ShouldBe(Outcome.Created);
        var requested = decision.Events.ShouldHaveSingleItem().ShouldBeOfType<ProjectionRebuildRequested>();
        (requested.RebuildId, requested.Total, requested.Actor).ShouldBe(("r1", 10L, "ops"));
        requested.Projections.ShouldBe(["Alignment"]);
    }

    [Fact]
    public void an_end_without_an_error_completes_it_and_with_one_fails_it()
    {
        RecordRebuildEnd.Decide(Running, new RecordRebuildEnd("r1", 10, 10, null), "ops").Events
            .ShouldHaveSingleItem().ShouldBe(new ProjectionRebuildCompleted("r1", 10, 10, "ops"));
        RecordRebuildEnd.Decide(Running, new RecordRebuildEnd("r1", 4, 10, "boom"), "ops").Events
            .ShouldHaveSingleItem().ShouldBe(new ProjectionRebuildFailed("r1", 4, 10, "boom", "ops"));
    }

    [Fact]
    public void a_rebuild_ends_once()
    {
        var ended = Running.Apply(new ProjectionRebuildCompleted("r1", 10, 10, "ops"));

        RecordRebuildEnd.Decide(ended, new RecordRebuildEnd("r1", 0, 0, "Interrupted"), "ops").ShouldBe(Decision.Unchanged);
    }
}

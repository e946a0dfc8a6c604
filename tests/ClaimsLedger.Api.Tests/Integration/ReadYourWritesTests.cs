using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Integration;

/// <summary>A client that writes and then reads with the position it got back sees its own write, every time.</summary>
public sealed class ReadYourWritesTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task every_write_answers_the_position_it_reached_in_the_body_and_a_header()
    {
        var source = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        var claim = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var revised = await Api.Post($"/api/claims/{claim.As<RecordClaimResult>().Id}/confidence", new { confidence = 0.4, reason = "Doubts." });

        var positions = new[] { source.As<SourceView>().Position!.Value, claim.As<RecordClaimResult>().Position, revised.As<ClaimDetails>().Position!.Value };
        positions.ShouldBeInOrder(SortDirection.Ascending);
        positions.Distinct().Count().ShouldBe(3);
        foreach (var (reply, position) in new[] { source, claim, revised }.Zip(positions))
            reply.Headers.GetValues(LedgerPosition.Header).ShouldBe([position.ToString()]);
        // Exactly the sequence of the event each write appended (taken from the commit, not looked up after it).
        await using var session = Fixture.Store.QuerySession();
        var claimEvents = await session.Events.FetchStreamAsync(claim.As<RecordClaimResult>().Id);
        claimEvents.Select(e => e.Sequence).ShouldBe([positions[1], positions[2]]);
        (await session.Events.FetchStreamAsync("steppe")).Last().Sequence.ShouldBe(positions[0]);
        (await Api.Get($"/api/claims/{claim.As<RecordClaimResult>().Id}")).As<ClaimDetails>().Position.ShouldBeNull();
    }

    [Fact]
    public async Task reading_with_the_returned_position_always_shows_the_write()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        for (var i = 0; i < 20; i++)
        {
            var claim = await Api.Post("/api/claims", Samples.RestatedTradeClaim(i));
            var position = claim.As<RecordClaimResult>().Position;

            var kz = await Api.Get($"/api/alignments/KZ?minPosition={position}");

            kz.Code.ShouldBe(200, kz.Body);
            kz.As<AlignmentView>().ClaimCount.ShouldBe(i + 1);
            long.Parse(kz.Headers.GetValues(LedgerPosition.Header).Single()).ShouldBeGreaterThanOrEqualTo(position);
        }
    }

    [Fact]
    public async Task a_position_not_reached_within_the_bound_is_a_503_with_retry_after()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        // The claim is committed, but the alignment cannot record that it has reached it, whatever the wait.
        await using var progress = await ProgressLock.TakeAsync(Fixture);
        var position = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).As<RecordClaimResult>().Position;
        var unreached = await Api.Send(HttpMethod.Get, "/api/alignments/KZ", new Dictionary<string, string> { [LedgerPosition.MinHeader] = $"{position}" });
        await progress.ReleaseAsync();

        unreached.ShouldBeProblem(503, LedgerPosition.MinHeader);
        unreached.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_position_no_write_has_answered_or_not_a_position_is_a_400_naming_it()
    {
        var last = (await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).As<SourceView>().Position!.Value;

        var reached = await Api.Get($"/api/sources?minPosition={last}");
        var beyond = await Api.Send(HttpMethod.Get, "/api/alignments/KZ", new Dictionary<string, string> { [LedgerPosition.MinHeader] = $"{last + 1}" });
        var beyondInQuery = await Api.Get($"/api/sources?minPosition={last + 1}");
        var bad = await Api.Get("/api/alignments/KZ?minPosition=soon");

        reached.Code.ShouldBe(200, reached.Body);
        beyond.ShouldBeProblem(400, LedgerPosition.MinHeader);
        beyondInQuery.ShouldBeProblem(400, LedgerPosition.MinQuery);
        bad.ShouldBeProblem(400, LedgerPosition.MinQuery);
    }
}

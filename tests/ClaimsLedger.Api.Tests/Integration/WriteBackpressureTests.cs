using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Integration;

/// <summary>
/// A write waits while the alignment projection trails the acknowledged writes by more than the bound (100 ms by default),
/// and goes ahead once it catches up; a projection that is not moving holds nobody. The projection is held back by
/// locking its progress table (<see cref="ProgressLock"/>).
/// </summary>
public sealed class WriteBackpressureTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_write_waits_while_the_alignment_trails_the_last_one_and_goes_ahead_when_it_catches_up()
    {
        var source = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        // The alignment has just passed the source's event: it is moving.
        (await Api.Get($"/api/alignments/KZ?minPosition={source.As<SourceView>().Position}")).Code.ShouldBe(200);

        await using var progress = await ProgressLock.TakeAsync(Fixture);
        var first = await Api.Post("/api/claims", Samples.RestatedTradeClaim(0));
        first.Code.ShouldBe(201, first.Body);
        await Task.Delay(TimeSpan.FromMilliseconds(150));   // the first claim is now older than the bound, and not projected

        var second = Api.Post("/api/claims", Samples.RestatedTradeClaim(1));
        var early = await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(400)));
        early.ShouldNotBe(second, "the second write should wait while the alignment cannot reach the first");

        await progress.ReleaseAsync();
        var acknowledged = await second;
        acknowledged.Code.ShouldBe(201, acknowledged.Body);
        var kz = await Api.Get($"/api/alignments/KZ?minPosition={acknowledged.As<RecordClaimResult>().Position}");
        kz.As<AlignmentView>().ClaimCount.ShouldBe(2);
    }

    [Fact]
    public async Task a_batch_is_not_held_behind_the_alignment()
    {
        var source = await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        (await Api.Get($"/api/alignments/KZ?minPosition={source.As<SourceView>().Position}")).Code.ShouldBe(200);

        await using var progress = await ProgressLock.TakeAsync(Fixture);
        (await Api.Post("/api/claims", Samples.RestatedTradeClaim(0))).Code.ShouldBe(201);
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var batch = await Api.Post("/api/claims/batch", new { claims = new[] { Samples.RestatedTradeClaim(1) } });
        var took = clock.Elapsed;
        await progress.ReleaseAsync();

        batch.Code.ShouldBe(200, batch.Body);
        // Held, it would still be waiting when the lock is released (or go ahead after 2 s).
        took.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));
    }

    [Fact]
    public async Task a_projection_that_is_not_moving_holds_no_write()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await using var progress = await ProgressLock.TakeAsync(Fixture);
        await Task.Delay(TimeSpan.FromSeconds(2.5));   // no progress reported for longer than the projection counts as moving

        var first = await Api.Post("/api/claims", Samples.RestatedTradeClaim(0));
        await Task.Delay(TimeSpan.FromMilliseconds(150));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var second = await Api.Post("/api/claims", Samples.RestatedTradeClaim(1));

        new[] { first.Code, second.Code }.ShouldBe([201, 201]);
        // Held, it would wait the full 2 s before going ahead.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));
    }
}

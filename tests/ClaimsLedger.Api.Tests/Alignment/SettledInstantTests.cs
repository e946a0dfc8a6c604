using System.Globalization;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Reports;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>A read as of an instant waits until nothing more can be recorded by it, so asking again later gives the same answer.</summary>
public sealed class SettledInstantTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_report_as_of_now_waits_for_the_alignment_and_shows_every_write_made_before_it()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        for (var i = 0; i < 5; i++)
        {
            // No minPosition: the report itself waits until the alignment has reached the claim just written.
            var claim = (await Api.Post("/api/claims", Samples.RestatedTradeClaim(i))).As<RecordClaimResult>();
            var now = (await Api.Get("/api/reports/alignment?subjects=KZ")).As<AlignmentReport>();

            now.LastSequence.ShouldBeGreaterThanOrEqualTo(claim.Position);
            now.Subjects[0].ClaimCount.ShouldBe(i + 1);
            var again = await Api.Get($"/api/reports/alignment?subjects=KZ&asOf={Uri.EscapeDataString(now.AsOf.ToString("O", CultureInfo.InvariantCulture))}");
            again.As<AlignmentReport>().Subjects[0].ClaimCount.ShouldBe(i + 1);
        }
    }

    [Theory]
    [InlineData("/api/reports/alignment?subjects=KZ", "asOf")]
    [InlineData("/api/reports/alignment?subjects=KZ&asOf={now}", "asOf")]
    [InlineData("/api/alignments/KZ?asOf={now}", "asOf")]
    [InlineData("/api/alignments/KZ/contributions?asOf={now}", "asOf")]
    [InlineData("/api/alignments/KZ/history?to={now}", "to")]
    [InlineData("/api/alignments/KZ/diff?from=2000-01-01T00:00:00Z&to={now}", "to")]
    public async Task a_read_as_of_an_instant_the_alignment_cannot_reach_in_time_is_a_503_naming_it_with_retry_after(string path, string field)
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await using var progress = await ProgressLock.TakeAsync(Fixture);
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var now = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));

        var unsettled = await Api.Get(path.Replace("{now}", now));
        await progress.ReleaseAsync();

        unsettled.ShouldBeProblem(503, field);
        unsettled.Headers.RetryAfter.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("/api/alignments/KZ?asOf={at}", "asOf")]
    [InlineData("/api/alignments/KZ/contributions?asOf={at}", "asOf")]
    [InlineData("/api/alignments/KZ/history?to={at}", "to")]
    [InlineData("/api/alignments/KZ/diff?from=2020-01-01&to={at}", "to")]
    [InlineData("/api/reports/alignment?subjects=KZ&asOf={at}&format=json", "asOf")]
    public async Task an_instant_further_ahead_than_a_read_waits_is_refused_rather_than_answered_as_it_may_change(string path, string field)
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var inAMinute = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().AddMinutes(1).ToString("O", CultureInfo.InvariantCulture));

        (await Api.Get(path.Replace("{at}", inAMinute))).ShouldBeProblem(400, field);
        (await Api.Get(path.Replace("{at}", "2999-12-31T23:59:59.9999999Z"))).ShouldBeProblem(400, field);
    }

    [Fact]
    public async Task an_instant_a_moment_ahead_is_waited_for_and_then_answered_as_settled()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        var ahead = TimeSpan.FromSeconds(1);
        var soon = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().Add(ahead).ToString("O", CultureInfo.InvariantCulture));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        var reply = await Api.Get($"/api/alignments/KZ?asOf={soon}");

        reply.Code.ShouldBe(200, reply.Body);
        reply.As<Api.Alignment.AlignmentView>().ClaimCount.ShouldBe(1);
        // It waited for the instant to come (in the process's time; the test's clock only says how far ahead it was).
        waited.Elapsed.ShouldBeGreaterThanOrEqualTo(ahead);
    }

    [Fact]
    public async Task an_alignment_as_of_now_shows_the_claim_written_just_before_without_a_min_position()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        for (var i = 0; i < 3; i++)
        {
            await Api.Post("/api/claims", Samples.RestatedTradeClaim(i));
            var now = Uri.EscapeDataString(Fixture.Clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));

            (await Api.Get($"/api/alignments/KZ?asOf={now}")).As<Api.Alignment.AlignmentView>().ClaimCount.ShouldBe(i + 1);
        }
    }

    [Fact]
    public async Task an_instant_the_alignment_has_moved_past_is_answered_at_once_whatever_is_still_being_projected()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/claims", Samples.RestatedTradeClaim(0));
        var then = Fixture.Clock.GetUtcNow();
        var later = (await Api.Post("/api/claims", Samples.RestatedTradeClaim(1))).As<RecordClaimResult>();
        (await Api.Get($"/api/alignments/KZ?minPosition={later.Position}")).Code.ShouldBe(200);

        await using var progress = await ProgressLock.TakeAsync(Fixture);
        await Api.Post("/api/claims", Samples.RestatedTradeClaim(2));
        var settled = await Api.Get($"/api/reports/alignment?subjects=KZ&asOf={Uri.EscapeDataString(then.ToString("O", CultureInfo.InvariantCulture))}");
        await progress.ReleaseAsync();

        settled.Code.ShouldBe(200, settled.Body);
        settled.As<AlignmentReport>().Subjects[0].ClaimCount.ShouldBe(1);
    }
}

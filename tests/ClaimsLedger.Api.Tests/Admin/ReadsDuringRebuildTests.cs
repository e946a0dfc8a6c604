using System.Collections.Concurrent;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using Xunit.Abstractions;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// The service keeps answering throughout a rebuild (no 5xx), and every read stays complete. Claims, sources and
/// provenance are replayed over their documents in place; the alignment is replayed into tables beside the live ones
/// and swapped in when caught up (see README, "Rebuilding projections").
/// </summary>
public sealed class ReadsDuringRebuildTests(LedgerFixture fixture, ITestOutputHelper output) : LedgerTest(fixture)
{
    [Fact]
    public async Task reads_keep_answering_while_every_projection_is_rebuilt()
    {
        await Fixture.SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 200);
        await Fixture.WaitForProjectionsAsync();
        var claimId = (await Api.Get("/api/claims?subject=KZ&pageSize=1")).As<Paged<ClaimDetails>>().Items[0].Id;
        var kzClaims = (await Api.Get("/api/alignments/KZ")).As<AlignmentView>().ClaimCount;
        string[] documentReads = [$"/api/claims/{claimId}", "/api/sources/generated-1", "/api/sources/generated-1/claims"];
        string[] paths = [.. documentReads, "/api/alignments/KZ", "/api/alignments", "/api/claims?subject=KZ", "/api/alignments/KZ/history"];

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        var replies = new ConcurrentBag<(string Path, Reply Reply)>();
        using var stop = new CancellationTokenSource();
        var readers = paths.Select(path => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                replies.Add((path, await Api.Get(path)));
            }
        })).ToArray();
        var finished = await Api.UntilFinishedAsync(accepted.Headers.Location!.ToString());
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        finished.State.ShouldBe("completed");
        var summary = replies.GroupBy(r => (r.Path, r.Reply.Code)).OrderBy(g => g.Key.Path).Select(g => $"{g.Key.Path} {g.Key.Code} ×{g.Count()}").ToList();
        var partialKz = replies.Count(r => r is { Path: "/api/alignments/KZ", Reply.Code: 200 } && r.Reply.As<AlignmentView>().ClaimCount != kzClaims);
        foreach (var line in summary.Append($"/api/alignments/KZ read with fewer than its {kzClaims} claims ×{partialKz}")) output.WriteLine(line);

        replies.Count.ShouldBeGreaterThan(paths.Length);
        replies.ShouldAllBe(r => r.Reply.Code < 500, string.Join("; ", summary));
        replies.ShouldAllBe(r => r.Reply.Code == 200, string.Join("; ", summary));
        var claimsOfKz = (await Api.Get("/api/claims?subject=KZ&pageSize=1")).As<Paged<ClaimDetails>>().Total;
        replies.Where(r => r.Path == "/api/claims?subject=KZ").ShouldAllBe(r => r.Reply.As<Paged<ClaimDetails>>().Total == claimsOfKz, "claim lists stay complete");
        partialKz.ShouldBe(0, "the alignment stays complete");
    }
}

using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Sources;

public sealed class GradeSourceReliabilityTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task regrading_records_the_grade_with_actor_and_reason()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "s1", reliability: null));

        var reply = await Api.Post("/api/sources/s1/reliability", new { grade = "D", reason = "Unverified figures.", expectedVersion = 1 }, actor: "editor");

        reply.Code.ShouldBe(200, reply.Body);
        var source = reply.As<SourceView>();
        source.Reliability.ShouldBe(ReliabilityGrade.D);
        source.ReliabilityReason.ShouldBe("Unverified figures.");
        source.Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_stale_version_is_a_conflict_and_changes_nothing()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "s1", reliability: "B"));

        var reply = await Api.Post("/api/sources/s1/reliability", new { grade = "A", reason = "r", expectedVersion = 1 });

        reply.ShouldBeProblem(409);
        (await Api.Get("/api/sources/s1")).As<SourceView>().Reliability.ShouldBe(ReliabilityGrade.B);
    }

    [Fact]
    public async Task if_match_carries_the_version_too()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "s1", reliability: "B"));
        var etag = (await Api.Get("/api/sources/s1")).Headers.ETag!.Tag;

        var ok = await Api.Post("/api/sources/s1/reliability", new { grade = "A", reason = "r" }, headers: new Dictionary<string, string> { ["If-Match"] = etag });
        var stale = await Api.Post("/api/sources/s1/reliability", new { grade = "C", reason = "r" }, headers: new Dictionary<string, string> { ["If-Match"] = etag });

        ok.Code.ShouldBe(200, ok.Body);
        stale.ShouldBeProblem(409);
    }

    [Fact]
    public async Task bad_grades_missing_reasons_and_unknown_sources_are_problems()
    {
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "s1"));

        (await Api.Post("/api/sources/s1/reliability", new { grade = "Z", reason = "r" })).ShouldBeProblem(400, "grade");
        (await Api.Post("/api/sources/s1/reliability", new { grade = "A" })).ShouldBeProblem(400, "reason");
        (await Api.Post("/api/sources/missing/reliability", new { grade = "A", reason = "r" })).ShouldBeProblem(404, "id");
    }
}

using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Seeds;
using ClaimsLedger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ClaimsLedger.Api.Tests.Admin;

public sealed class RebuildProjectionsProblemTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_second_rebuild_while_one_runs_is_a_conflict()
    {
        // The seeds give the first rebuild enough to do that the second request arrives while it runs.
        await Fixture.SeedAsync();
        var first = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);

        var second = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);

        first.Code.ShouldBe(202, first.Body);
        second.ShouldBeProblem(409);
        second.As<ProblemDetails>().Detail.ShouldNotBeNull().ShouldContain(first.As<RebuildStatus>().Id);
        (await Api.UntilFinishedAsync(first.Headers.Location!.ToString())).State.ShouldBe("completed");
        var third = await Api.Post("/api/admin/projections/rebuild", new { }, RebuildTestSupport.Operator);
        third.Code.ShouldBe(202, third.Body);
        await Api.UntilFinishedAsync(third.Headers.Location!.ToString());
    }

    [Fact]
    public async Task an_unknown_projection_is_a_problem_naming_its_position()
    {
        var reply = await Api.Post("/api/admin/projections/rebuild", new { projections = new[] { "Alignment", "Nonsense" } }, RebuildTestSupport.Operator);

        reply.ShouldBeProblem(400, "projections[1]");
        reply.As<HttpValidationProblemDetails>().Errors.ShouldNotContainKey("projections[0]");
    }

    [Fact]
    public async Task an_unknown_rebuild_is_not_found()
    {
        (await Api.Get("/api/admin/projections/rebuilds/does-not-exist")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task a_rebuild_is_found_only_by_the_id_it_was_given_not_by_another_spelling_of_it()
    {
        var (accepted, _) = await Api.RebuildAsync(new { projections = new[] { "SourceText" } });
        var id = accepted.As<RebuildStatus>().Id;
        var guid = Guid.ParseExact(id, "N");

        (await Api.Get($"/api/admin/projections/rebuilds/{id}")).Code.ShouldBe(200);
        foreach (var other in new[] { id.ToUpperInvariant(), guid.ToString("D"), guid.ToString("B"), Uri.EscapeDataString(guid.ToString("B")) })
            (await Api.Get($"/api/admin/projections/rebuilds/{other}")).ShouldBeProblem(404, "id");
    }

    [Fact]
    public async Task a_rebuild_needs_an_actor()
    {
        (await Api.Post("/api/admin/projections/rebuild", new { }, actor: null)).ShouldBeProblem(400, "X-Actor");
    }

    [Fact]
    public async Task without_a_body_every_projection_is_rebuilt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/admin/projections/rebuild") { Headers = { { "X-Actor", RebuildTestSupport.Operator } } };
        var accepted = await Reply.From(await Api.Client.SendAsync(request));

        accepted.Code.ShouldBe(202, accepted.Body);
        accepted.As<RebuildStatus>().Projections.ShouldBe(RebuildableProjections.Of(Fixture.Store).Select(p => p.Name));
        await Api.UntilFinishedAsync(accepted.Headers.Location!.ToString());
    }
}

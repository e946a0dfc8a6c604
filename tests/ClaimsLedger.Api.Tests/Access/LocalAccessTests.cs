using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Access;

/// <summary>Without keys (the local default) callers name themselves, and the names must read as what they are.</summary>
public sealed class LocalAccessTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Theory]
    [InlineData("ana@example.org\u200B")]
    [InlineData("ana\u202Egro.elpmaxe@")]
    [InlineData("ana lopez")]
    [InlineData("ana\tlopez")]
    public async Task an_actor_name_with_invisible_bidirectional_or_space_characters_is_refused(string actor)
    {
        var reply = await Api.Post("/api/sources", Samples.Source(Samples.TradeText), actor: actor);

        reply.ShouldBeProblem(400, "X-Actor");
        (await Api.Get("/api/sources")).As<Api.Http.Paged<SourceView>>().Total.ShouldBe(0);
    }

    [Fact]
    public async Task a_write_without_a_name_is_refused_naming_the_header()
    {
        (await Api.Post("/api/sources", Samples.Source(Samples.TradeText), actor: null)).ShouldBeProblem(400, "X-Actor");
    }
}

using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class ClaimIdentityTests
{
    private static readonly Effect[] Effects =
    [
        new("CN", Dimension.Economic, Direction.Toward, 2),
        new("RU", Dimension.Economic, Direction.Away, 1),
    ];

    private static string Id(string statement = "China overtook Russia.", string subject = "KZ", string? validTime = "2023", Effect[]? effects = null) =>
        ClaimIdentity.For(subject, effects ?? Effects, statement, validTime);

    [Fact]
    public void the_same_assertion_always_has_the_same_id() => Id().ShouldBe(Id());

    [Fact]
    public void ids_are_short_prefixed_and_hex() => Id().ShouldMatch("^clm-[0-9a-f]{24}$");

    [Theory]
    [InlineData("china overtook russia")]
    [InlineData("  China   overtook Russia.  ")]
    [InlineData("CHINA OVERTOOK RUSSIA!")]
    public void case_spacing_and_final_punctuation_do_not_matter(string statement) => Id(statement).ShouldBe(Id());

    [Fact]
    public void typographic_quotes_equal_plain_ones() =>
        Id("Kazakhstan’s partner changed.").ShouldBe(Id("Kazakhstan's partner changed."));

    [Fact]
    public void the_order_of_effects_does_not_matter() => Id(effects: [Effects[1], Effects[0]]).ShouldBe(Id());

    [Fact]
    public void subject_valid_time_wording_and_effects_each_make_a_different_claim()
    {
        var ids = new[]
        {
            Id(), Id(subject: "KG"), Id(validTime: "2022"), Id(validTime: null), Id("China overtook Turkey."),
            Id(effects: [Effects[0] with { Strength = 3 }, Effects[1]]), Id(effects: [Effects[0]]),
        };

        ids.Distinct().Count().ShouldBe(ids.Length);
    }
}

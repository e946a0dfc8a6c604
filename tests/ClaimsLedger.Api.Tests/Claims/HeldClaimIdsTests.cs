using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.Tests.Claims;

public sealed class HeldClaimIdsTests
{
    private static readonly string[] LedgerIds = Enumerable.Range(0, 300)
        .Select(i => ClaimIdentity.For("KZ", [], $"Statement {i}.", null)).ToArray();

    [Fact]
    public void the_ledgers_ids_come_back_as_they_went_in_page_by_page()
    {
        var held = HeldClaimIds.From(LedgerIds);
        held.Count.ShouldBe(300);
        Enumerable.Range(0, 7).SelectMany(page => held.Slice(page * 50L, 50)).ShouldBe(LedgerIds);
        held.Slice(290, 50).ShouldBe(LedgerIds[290..]);
        held.Slice(300, 50).ShouldBeEmpty();
        held.Slice(1_000_000, 50).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("clm-0123456789ABCDEF01234567")]
    [InlineData("clm-0123456789abcdef0123456")]
    [InlineData("clm-0123456789abcdef012345678")]
    [InlineData("src-0123456789abcdef01234567")]
    [InlineData("clm-0123456789abcdef0123456g")]
    [InlineData("merged-claim")]
    public void a_list_with_any_other_id_keeps_every_id_as_it_is(string other)
    {
        string[] ids = [.. LedgerIds[..100], other, .. LedgerIds[100..]];
        var held = HeldClaimIds.From(ids);
        held.Slice(0, 200).Concat(held.Slice(200, 200)).ShouldBe(ids);
        held.Slice(100, 1).ShouldBe([other]);
    }

    [Fact]
    public void filtered_positions_are_the_claims_holding_every_key_in_list_order()
    {
        var random = new Random(7);
        string[] vocabulary = ["power:CN", "power:RU", "power:US", "dimension:Economic", "dimension:Security", "status:Recorded", "status:Accepted", "source:a", "source:b"];
        var keys = LedgerIds.Select(_ => random.Next(5) == 0 ? null : vocabulary.Where(_ => random.Next(3) == 0).ToArray()).ToArray();
        // As PostgreSQL hands them over: each key with the positions of the claims holding it, ascending.
        var positions = vocabulary.ToDictionary(k => k, k => Enumerable.Range(0, LedgerIds.Length).Where(i => keys[i]?.Contains(k) == true).ToArray());
        var held = HeldClaimIds.From(LedgerIds, positions);
        string[][] filters = [["power:CN"], ["source:b", "power:RU"], ["status:Recorded", "dimension:Economic", "power:US"], ["power:CN", "power:CN"], ["power:XX"], ["power:CN", "power:XX"]];
        foreach (var filter in filters)
        {
            var expected = LedgerIds.Where((_, i) => filter.All(k => keys[i]?.Contains(k) == true)).ToArray();
            var matching = held.Matching(filter);
            matching.Length.ShouldBe(expected.Length, string.Join("&", filter));
            Enumerable.Range(0, 8).SelectMany(page => held.Slice(matching, page * 40L, 40)).ShouldBe(expected, string.Join("&", filter));
            held.Slice(matching, matching.Length, 40).ShouldBeEmpty();
        }
        held.Matching(["power:CN"]).Length.ShouldBeGreaterThan(0);
        HeldClaimIds.From(LedgerIds).Matching(["power:CN"]).ShouldBeEmpty();
    }
}

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
}

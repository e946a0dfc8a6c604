using ClaimsLedger.Api.Admin;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// The single rebuild slot is free as soon as a rebuild's work is done, while its end is still being recorded: a client that
/// reads "completed" and asks again at once is not refused with the finished rebuild's name (CI once saw that 409).
/// </summary>
public sealed class RebuildSlotTests
{
    [Fact]
    public void a_finished_rebuild_frees_the_slot_and_keeps_its_progress_readable_until_its_end_is_recorded()
    {
        var slot = new ProjectionRebuilds();
        var first = new RebuildProgress("first", ["Alignment"], "ops@example.org", "c1");
        var second = new RebuildProgress("second", ["Alignment"], "ops@example.org", "c2");
        slot.TryReserve(first).ShouldBeTrue();
        slot.TryReserve(second).ShouldBeFalse();

        slot.Release(first);

        slot.Running.ShouldBeNull();
        slot.InFlight("first").ShouldBeSameAs(first);
        slot.TryReserve(second).ShouldBeTrue();
        slot.InFlight("second").ShouldBeSameAs(second);
        slot.InFlight("first").ShouldBeSameAs(first);

        // Releasing again (the rebuilder's last word) leaves the next rebuild's slot alone.
        slot.Release(first);
        slot.Running.ShouldBeSameAs(second);
        slot.Ended(first);
        slot.InFlight("first").ShouldBeNull();
        slot.InFlight("second").ShouldBeSameAs(second);
    }
}

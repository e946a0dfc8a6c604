using ClaimsLedger.Api.Admin;
using JasperFx.Events;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// How a rebuild sizes its saves before building them: from what each event type wrote so far, a run of one type growing
/// only as fast as it has recently been proven. The ledger is simulated (each event type writes a set number of
/// documents); what is asserted is the most documents any attempt built, saved or dropped.
/// </summary>
public sealed class ReplayCostsTests
{
    private const int Budget = 5000;

    private sealed record Registered;
    private sealed record Regraded;
    private sealed record Extracted;

    [Fact]
    public void A_type_that_was_free_early_and_costly_later_is_not_built_into_one_huge_save()
    {
        // As in the benchmark's ledger: every source graded as it is registered (no claims yet: the regrade writes
        // nothing), thousands of claims, then a run of regrades that each re-score 150 claims.
        var writes = new Dictionary<Type, int> { [typeof(Registered)] = 1, [typeof(Regraded)] = 0, [typeof(Extracted)] = 5 };
        var costs = new ReplayCosts(Budget);
        var most = 0;

        for (var page = 0; page < 6; page++) most = Math.Max(most, Replay(costs, writes, Page(i => i % 2 == 0 ? new Registered() : new Regraded())));
        for (var page = 0; page < 40; page++) most = Math.Max(most, Replay(costs, writes, Page(_ => new Extracted())));
        most.ShouldBeLessThanOrEqualTo(Budget);

        writes[typeof(Regraded)] = 150;
        most = Math.Max(most, Replay(costs, writes, Page(_ => new Regraded())));

        // One regrade alone writes 150; learning the new cost may cost one dropped attempt of a few times the budget, not 75,000.
        most.ShouldBeLessThanOrEqualTo(2 * Budget);
    }

    [Fact]
    public void Cheap_events_go_a_page_to_a_save_once_their_cost_is_known()
    {
        var writes = new Dictionary<Type, int> { [typeof(Extracted)] = 5 };
        var costs = new ReplayCosts(Budget);
        Replay(costs, writes, Page(_ => new Extracted()));

        costs.EventsWithin(Page(_ => new Extracted()), 0).ShouldBe(500);
    }

    private static List<IEvent> Page(Func<int, object> make) => Enumerable.Range(0, 500).Select(i => Wrap(make(i))).ToList();

    private static IEvent Wrap(object data) => data switch
    {
        Registered r => new Event<Registered>(r),
        Regraded r => new Event<Regraded>(r),
        Extracted e => new Event<Extracted>(e),
        _ => throw new ArgumentOutOfRangeException(nameof(data)),
    };

    /// <summary>Replays a page as <see cref="SequenceReplay"/> does; returns the most documents one attempt built.</summary>
    private static int Replay(ReplayCosts costs, Dictionary<Type, int> writes, List<IEvent> page)
    {
        var most = 0;
        for (var applied = 0; applied < page.Count;)
        {
            var part = page.Skip(applied).Take(costs.EventsWithin(page, applied)).ToList();
            var built = part.Sum(e => writes[e.EventType]);
            most = Math.Max(most, built);
            costs.Observe(part, built);
            if (part.Count > 1 && built > Budget) continue;
            costs.Saved(part);
            applied += part.Count;
        }
        costs.PageDone(page);
        return most;
    }
}

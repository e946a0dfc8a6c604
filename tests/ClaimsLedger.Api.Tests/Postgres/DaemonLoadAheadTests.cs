using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Admin;
using ClaimsLedger.Api.Tests.Support;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Tests.Postgres;

/// <summary>
/// While the async agents trail a burst of writes, each holds at most <see cref="DaemonLoadAhead"/>'s bound of loaded,
/// unapplied events (its next page or two), not Marten's default of 5,000: loaded events are the agents' working set.
/// </summary>
public sealed class DaemonLoadAheadTests(LedgerFixture fixture, ITestOutputHelper output) : LedgerTest(fixture)
{
    [Fact]
    public async Task agents_trailing_thousands_of_events_hold_no_more_than_their_bound_of_them_loaded()
    {
        var daemon = Fixture.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        // Agents start once the node holds the daemon's lock, which a reset of the store may have made it take again.
        for (var waited = 0; daemon.CurrentAgents().Count < 5 && waited < 300; waited++) await Task.Delay(100);
        var all = daemon.CurrentAgents();
        var agents = all.OfType<SubscriptionAgent>().ToList();
        agents.Count.ShouldBe(all.Count, string.Join(", ", all.Select(a => a.GetType().Name)));
        agents.Select(a => a.Name.Name).ShouldContain(AlignmentProjection.Name);
        agents.Count.ShouldBeGreaterThanOrEqualTo(5);
        foreach (var agent in agents)
            agent.Options.MaximumHopperSize.ShouldBe(Math.Max(DaemonLoadAhead.Events, 2 * agent.Options.BatchSize), agent.Name.Identity);
        // Inline projections too: the daemon replays them, with their own options, when they are rebuilt.
        foreach (var projection in ((DocumentStore)Fixture.Store).Options.Projections.All)
            projection.Options.MaximumHopperSize.ShouldBe(Math.Max(DaemonLoadAhead.Events, 2 * projection.Options.BatchSize), projection.Name);

        var most = agents.ToDictionary(a => a.Name.Identity, _ => 0L);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                foreach (var agent in agents) most[agent.Name.Identity] = Math.Max(most[agent.Name.Identity], agent.LastEnqueued - agent.LastCommitted);
                await Task.Delay(5);
            }
        });
        // About 6,000 events at once: the contradictions agent (500 a batch) trails them for seconds; with Marten's default
        // bound (5,000) it held 3,500 of them loaded.
        await BulkLedger.AppendAsync(Fixture.Store, claims: 5000);
        await Fixture.WaitForProjectionsAsync();
        await sampling.CancelAsync();
        await sampler;

        foreach (var agent in agents)
            output.WriteLine($"{agent.Name.Identity}: at most {most[agent.Name.Identity]} events loaded ahead of its last commit " +
                             $"(bound {agent.Options.MaximumHopperSize}, batch {agent.Options.BatchSize})");
        var contradictions = agents.Single(a => a.Name.Name == ContradictionProjection.Name);
        // It did trail (more than the page in hand loaded at some point), and no agent ever held more than its bound and a page.
        most[contradictions.Name.Identity].ShouldBeGreaterThan(contradictions.Options.BatchSize);
        foreach (var agent in agents)
            most[agent.Name.Identity].ShouldBeLessThanOrEqualTo(agent.Options.MaximumHopperSize + agent.Options.BatchSize, agent.Name.Identity);
    }
}

using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Subscriptions;
using ClaimsLedger.Api.Tests.Subscriptions;
using ClaimsLedger.Api.Tests.Support;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// An inline projection of one document a stream is replayed over the streams that hold an event of its types, not every
/// stream of the ledger: the sources' replay used to fold every claim stream too, to apply none of their events.
/// </summary>
public sealed class StreamReplayTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_replay_folds_the_streams_with_events_of_its_types_and_leaves_their_documents_as_they_were()
    {
        await Fixture.SeedAsync();
        await GeneratedHistory.WriteAsync(Api, claims: 200);
        (await Api.Post("/api/subscriptions", new { url = "https://hooks.example.org/ledger", types = new[] { "claim_extracted" } },
            SubscriptionApiTests.Admin)).Code.ShouldBe(201);
        var streams = await Fixture.ScalarAsync<long>($"select count(*) from {MartenSetup.Schema}.mt_streams");
        var sources = await CountAsync<SourceDetails>();
        var subscriptions = await CountAsync<WebhookSubscription>();
        var before = await ReadModels.SnapshotAsync(Fixture.Store);

        (await ReplayAsync(nameof(SourceDetails))).ShouldBe(sources);
        (await ReplayAsync(nameof(WebhookSubscription))).ShouldBe(subscriptions);

        sources.ShouldBeGreaterThan(0);
        subscriptions.ShouldBe(1);
        streams.ShouldBeGreaterThan(sources + subscriptions + 200, "the claims' streams should outnumber the others");
        var after = await ReadModels.SnapshotAsync(Fixture.Store);
        after[nameof(SourceDetails)].ShouldBe(before[nameof(SourceDetails)]);
        (await Api.Get("/api/subscriptions")).Body.ShouldContain("hooks.example.org");
    }

    [Fact]
    public void a_projection_of_claims_is_replayed_over_the_streams_of_every_claim_event_it_applies()
    {
        var source = ((DocumentStore)Fixture.Store).Options.Projections.All.Single(p => p.Name == nameof(ClaimDetails));
        var names = InlineRebuild.EventTypeNames(Fixture.Store, source);
        names.ShouldContain("claim_extracted");
        names.ShouldContain("claim_retracted");
        names.ShouldNotContain("source_registered");
    }

    private async Task<long> ReplayAsync(string projection)
    {
        var source = ((DocumentStore)Fixture.Store).Options.Projections.All.Single(p => p.Name == projection);
        var replay = new StreamReplay(Fixture.Store, source.BuildForInline(), _ => { }, NullLogger.Instance, [],
            InlineRebuild.EventTypeNames(Fixture.Store, source));
        await replay.RunAsync(CancellationToken.None);
        return replay.Replayed;
    }

    private async Task<long> CountAsync<T>() where T : notnull
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Query<T>().CountAsync();
    }
}

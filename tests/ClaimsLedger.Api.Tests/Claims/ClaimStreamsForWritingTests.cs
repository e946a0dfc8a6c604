using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Tests.Support;
using ClaimsLedger.Api.Vocabulary;
using JasperFx;
using Marten;
using Marten.Exceptions;

namespace ClaimsLedger.Api.Tests.Claims;

/// <summary>
/// A batch asks which of its claims have streams and fetches only those; a new claim's events are appended expecting no
/// stream. Either way, a stream another writer changed between the fetch and the commit must fail the commit with an
/// exception the commands' retry policy takes up (CommandPolicies), never be written over.
/// </summary>
public sealed class ClaimStreamsForWritingTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    // Samples.KazakhTradeClaim's id, worked out before anything records it.
    private static readonly string TradeClaimId = ClaimIdentity.For("KZ",
        [new Effect("CN", Dimension.Economic, Direction.Toward, 2), new Effect("RU", Dimension.Economic, Direction.Away, 1)],
        "China became Kazakhstan's largest trading partner, overtaking Russia.", "2023");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
    }

    [Fact]
    public async Task the_claims_come_in_the_order_of_their_ids_once_each_with_the_state_of_those_that_have_streams()
    {
        var recorded = await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        recorded.Code.ShouldBe(201, recorded.Body);
        recorded.As<RecordClaimResult>().Id.ShouldBe(TradeClaimId);
        string[] unknown = ["clm-zzz-not-recorded", "clm-000-not-recorded"];

        await using var session = Fixture.Store.LightweightSession();
        var streams = await ClaimStreamsForWriting.FetchAsync(session, [unknown[0], TradeClaimId, unknown[1], TradeClaimId], locked: true, CancellationToken.None);

        streams.Ids.ShouldBe([unknown[1], TradeClaimId, unknown[0]]);
        streams.States[unknown[0]].ShouldBeNull();
        streams.States[unknown[1]].ShouldBeNull();
        var known = streams.States[TradeClaimId].ShouldNotBeNull();
        known.Version.ShouldBe(1);
        known.Subject.ShouldBe("KZ");
    }

    [Fact]
    public async Task a_claim_recorded_by_another_writer_after_it_was_found_new_fails_the_commit()
    {
        await using var session = Fixture.Store.LightweightSession();
        var streams = await ClaimStreamsForWriting.FetchAsync(session, [TradeClaimId], locked: true, CancellationToken.None);
        streams.States[TradeClaimId].ShouldBeNull();

        // Another writer records the same claim in between.
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).Code.ShouldBe(201);

        streams.Append(session, TradeClaimId, [new ClaimRetracted(TradeClaimId, "tester@example.org", "Written over a stream it did not read.")]);
        var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        TakenUpByTheRetryPolicy(refused).ShouldBeTrue(refused.ToString());
        (await Fixture.ScalarAsync<long>($"select version from {MartenSetup.Schema}.mt_streams where id = '{TradeClaimId}'")).ShouldBe(1);
    }

    [Fact]
    public async Task a_claim_changed_by_another_writer_after_it_was_fetched_fails_the_commit()
    {
        (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"))).Code.ShouldBe(201);
        await using var session = Fixture.Store.LightweightSession();
        var streams = await ClaimStreamsForWriting.FetchAsync(session, [TradeClaimId], locked: true, CancellationToken.None);
        streams.States[TradeClaimId].ShouldNotBeNull().Version.ShouldBe(1);

        (await Api.Post($"/api/claims/{TradeClaimId}/retraction", new { reason = "Another writer first." })).Code.ShouldBe(200);

        streams.Append(session, TradeClaimId, [new ClaimRetracted(TradeClaimId, "tester@example.org", "Written over a version it did not read.")]);
        var refused = await Should.ThrowAsync<Exception>(() => session.SaveChangesAsync());
        TakenUpByTheRetryPolicy(refused).ShouldBeTrue(refused.ToString());
        (await Fixture.ScalarAsync<long>($"select version from {MartenSetup.Schema}.mt_streams where id = '{TradeClaimId}'")).ShouldBe(2);
    }

    [Fact]
    public async Task the_commit_that_holds_the_claims_locks_hands_its_positions_to_the_flow()
    {
        // The session's own transaction, opened for the locks, is committed by SaveChanges like any other: the listeners see
        // the commit and the positions its events drew (what a write answers with, unread from the events table).
        var reached = ClaimsLedger.Api.Http.CommittedPositions.Collect();
        await using var session = Fixture.Store.LightweightSession();
        var streams = await ClaimStreamsForWriting.FetchAsync(session, [TradeClaimId], locked: true, CancellationToken.None);
        (await ClaimLocksHeldAsync()).ShouldBe(1);
        streams.Append(session, TradeClaimId, [new ClaimRetracted(TradeClaimId, "tester@example.org", "Locked, then written.")]);
        await session.SaveChangesAsync();

        var position = await Fixture.ScalarAsync<long>($"select seq_id from {MartenSetup.Schema}.mt_events where stream_id = '{TradeClaimId}'");
        reached.TryGet(TradeClaimId, 1, out var answered).ShouldBeTrue();
        answered.ShouldBe(position);
        // And the locks went with the commit.
        (await ClaimLocksHeldAsync()).ShouldBe(0);
    }

    /// <summary>The claim locks (ClaimStreamsForWriting's two-key advisory locks) held in this database, seen from another connection.</summary>
    private async Task<long> ClaimLocksHeldAsync() => await Fixture.ScalarAsync<long>($"""
        select count(*) from pg_locks
        where locktype = 'advisory' and objsubid = 2 and classid = hashtext('{MartenSetup.Schema}.mt_streams')::oid
          and database = (select oid from pg_database where datname = current_database())
        """);

    private static bool TakenUpByTheRetryPolicy(Exception ex) => ex is ConcurrencyException or ExistingStreamIdCollisionException
        || ex is MartenCommandException { InnerException: Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation } };
}

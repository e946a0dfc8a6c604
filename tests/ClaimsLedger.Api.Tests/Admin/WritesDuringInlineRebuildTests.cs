using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Http;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Admin;

/// <summary>
/// Inline projections are replayed over their live documents while commands keep writing to them. A write acknowledged
/// during the replay must survive it: the replay reaching the claim's first event later must not rebuild the document
/// from the events before the write and leave it there.
/// </summary>
public sealed class WritesDuringInlineRebuildTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    [Fact]
    public async Task a_write_acknowledged_while_claims_are_replayed_is_still_in_the_claim_afterwards()
    {
        const int claims = 4000;
        await BulkLedger.AppendAsync(Fixture.Store, claims);
        await Fixture.WaitForProjectionsAsync();
        // The claims recorded last: the replay, which goes in the order events were recorded, reaches them last.
        var revised = Enumerable.Range(claims - 10, 10).Select(i => $"clm-bulk-{i}").ToList();

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { projections = new[] { "ClaimDetails" } }, RebuildTestSupport.Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        foreach (var id in revised)
        {
            var write = await Api.Post($"/api/claims/{id}/confidence", new { confidence = 0.97, reason = "Revised while the claims were replayed." });
            write.Code.ShouldBe(200, write.Body);
        }
        var during = (await Api.Get($"/api/admin/projections/rebuilds/{accepted.As<RebuildStatus>().Id}")).As<RebuildStatus>();
        var finished = await Api.UntilFinishedAsync(accepted.Headers.Location!.ToString());

        finished.State.ShouldBe("completed");
        during.State.ShouldBe("running", "the writes must land while the replay runs, or this test proves nothing");
        foreach (var id in revised)
        {
            var claim = (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>();
            claim.Confidence.ShouldBe(0.97, id);
            // Folded once: the version is the stream's event count, neither short of the revision nor past it.
            var events = (await Api.Get($"/api/claims/{id}/events")).As<List<object>>();
            claim.Version.ShouldBe(events.Count, id);
        }
        // And the replay still rebuilt what it was asked to: every claim is there, with its first event's confidence or the revision.
        var all = (await Api.Get("/api/claims?pageSize=1")).As<Paged<ClaimDetails>>();
        all.Total.ShouldBe(claims);
    }

    [Fact]
    public async Task commands_writing_claims_throughout_a_rebuild_all_succeed_and_every_write_is_in_its_claim_once()
    {
        const int claims = 3000, writers = 4;
        await BulkLedger.AppendAsync(Fixture.Store, claims);
        await Fixture.WaitForProjectionsAsync();

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { projections = new[] { "ClaimDetails", "SourceDetails" } }, RebuildTestSupport.Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        var rebuilding = Api.UntilFinishedAsync(accepted.Headers.Location!.ToString());
        // Each writer revises its own claims (so the last acknowledged value of each is known), over the whole ledger.
        var written = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var last = new Dictionary<string, double>();
            var failures = new List<string>();
            while (!rebuilding.IsCompleted)
            {
                var id = $"clm-bulk-{random.Next(claims / writers) * writers + w}";
                var confidence = Math.Round(0.01 + random.NextDouble() * 0.98, 2);
                var reply = await Api.Post($"/api/claims/{id}/confidence", new { confidence, reason = "Revised during the rebuild." });
                if (reply.Code == 200) last[id] = confidence;
                else failures.Add($"{id}: {reply.Code} {reply.Body}");
            }
            return (last, failures);
        })));
        var finished = await rebuilding;

        finished.State.ShouldBe("completed");
        written.SelectMany(w => w.failures).ShouldBeEmpty();
        var revised = written.SelectMany(w => w.last).ToList();
        revised.Count.ShouldBeGreaterThan(writers, "the writers must have written during the rebuild, or this test proves nothing");
        foreach (var (id, confidence) in revised)
        {
            var claim = (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>();
            claim.Confidence.ShouldBe(confidence, id);
            var events = (await Api.Get($"/api/claims/{id}/events")).As<List<object>>();
            claim.Version.ShouldBe(events.Count, id);
        }
    }

    /// <summary>
    /// A transaction holding a claim's stream (as a command appending to it does) and another claim's document is waited
    /// out: the rebuild goes on with the rest, comes back to both, and once they are let go folds them afresh.
    /// </summary>
    [Fact]
    public async Task claims_held_by_another_transaction_are_rebuilt_once_it_lets_go()
    {
        await BulkLedger.AppendAsync(Fixture.Store, 1000);
        await Fixture.WaitForProjectionsAsync();
        const string streamHeld = "clm-bulk-10", documentHeld = "clm-bulk-20";
        // Both documents wrong, as a projection's old code may have left them; the events say 0.5.
        const string wrong = "update claimsledger.mt_doc_claimdetails set data = jsonb_set(data, '{confidence}', '0.01') where id = ";
        await using var connection = new Npgsql.NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, null, wrong + $"'{streamHeld}'");
        await using var holding = await connection.BeginTransactionAsync();
        await ExecuteAsync(connection, holding, wrong + $"'{documentHeld}'");
        await ExecuteAsync(connection, holding, $"select id from claimsledger.mt_streams where id = '{streamHeld}' for update");

        var accepted = await Api.Post("/api/admin/projections/rebuild", new { projections = new[] { "ClaimDetails" } }, RebuildTestSupport.Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var whileHeld = (await Api.Get(accepted.Headers.Location!.ToString())).As<RebuildStatus>();
        await holding.CommitAsync();
        var finished = await Api.UntilFinishedAsync(accepted.Headers.Location!.ToString());

        whileHeld.State.ShouldBe("running", "the rebuild must wait for the held claims");
        finished.State.ShouldBe("completed", finished.Error);
        foreach (var id in new[] { streamHeld, documentHeld })
            (await Api.Get($"/api/claims/{id}")).As<ClaimDetails>().Confidence.ShouldBe(0.5, id);
    }

    private static async Task ExecuteAsync(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction? transaction, string sql)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}

using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Tests.Admin;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>
/// The hash chain over the raw rows of mt_events: complete and intact as written, and every kind of tampering with the
/// rows in PostgreSQL found at exactly the sequence where it happened.
/// </summary>
public sealed class AuditChainTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private async Task<AuditVerification> SeededAndChainedAsync()
    {
        await Fixture.SeedAsync();
        await Api.RequestCheckpointAsync();
        await Fixture.WaitForProjectionsAsync();
        var verification = await Api.VerifyAsync();
        verification.Intact.ShouldBeTrue(string.Join("; ", verification.Breaks));
        return verification;
    }

    [Fact]
    public async Task every_event_is_linked_in_sequence_order_and_the_chain_verifies_intact()
    {
        var verification = await SeededAndChainedAsync();

        await using var session = Fixture.Store.QuerySession();
        var sequences = await session.Events.QueryAllRawEvents().OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync();
        var links = await session.Query<AuditLink>().OrderBy(l => l.Id).ToListAsync();
        links.Select(l => l.Id).ShouldBe(sequences);
        verification.Checked.ShouldBe(sequences.Count);
        verification.Pending.ShouldBe(0);
        verification.FirstBrokenSequence.ShouldBeNull();
        verification.HeadSequence.ShouldBe(sequences[^1]);
        verification.HeadHash.ShouldBe(links[^1].Hash);
        verification.EventsPerSecond.ShouldBeGreaterThan(0);
        // Each link is SHA-256(previous link ‖ SHA-256(canonical event)), from 32 zero bytes.
        var first = await RowAsync(sequences[0]);
        links[0].Hash.ShouldBe(CanonicalEvent.Hex(CanonicalEvent.Link(new byte[32], System.Security.Cryptography.SHA256.HashData(first.Bytes()))));
    }

    [Fact]
    public async Task a_requested_checkpoint_is_signed_over_the_head_and_listed_with_the_public_key()
    {
        var verification = await SeededAndChainedAsync();

        var page = await Api.CheckpointsAsync();
        var checkpoint = page.Items.ShouldHaveSingleItem();
        checkpoint.Sequence.ShouldBe(verification.HeadSequence);
        checkpoint.HeadHash.ShouldBe(verification.HeadHash);
        checkpoint.Events.ShouldBe(verification.Checked);
        checkpoint.PublicKey.ShouldBe(page.PublicKey);
        SigningKeys.Verify(page.PublicKey, AuditCheckpoint.SignedBytes(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.Time, checkpoint.Events), checkpoint.Signature)
            .ShouldBeTrue();
        SigningKeys.Verify(page.PublicKey, AuditCheckpoint.SignedBytes(checkpoint.Sequence, checkpoint.HeadHash, checkpoint.Time, checkpoint.Events + 1), checkpoint.Signature)
            .ShouldBeFalse();
        // The checkpoint's time is the record time of the request event that cut it, not a clock reading.
        await using var session = Fixture.Store.QuerySession();
        var request = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == checkpoint.Sequence).SingleAsync();
        checkpoint.Time.ShouldBe(CanonicalEvent.FormatTimestamp(request.Timestamp));
        verification.Checkpoints.ShouldBe(new CheckpointVerification(1, 1, null));
        (await Api.Get("/api/audit/checkpoints?pageSize=0")).ShouldBeProblem(400, "pageSize");
    }

    [Fact]
    public async Task changing_an_events_data_in_postgres_breaks_the_chain_exactly_at_that_event()
    {
        await SeededAndChainedAsync();
        var target = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "type = 'claim_extracted' and seq_id > 20");

        await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
            $"update claimsledger.mt_events set data = jsonb_set(data, '{{confidence}}', '0.99') where seq_id = {target}");

        var verification = await Api.VerifyAsync();
        verification.Intact.ShouldBeFalse();
        verification.FirstBrokenSequence.ShouldBe(target);
        verification.Breaks.ShouldHaveSingleItem().Sequence.ShouldBe(target);
        verification.Checkpoints.Valid.ShouldBe(1, "the stored links still reach the signed head: only the altered event is out of line");
    }

    [Fact]
    public async Task moving_an_events_timestamp_by_one_microsecond_breaks_the_chain_exactly_at_that_event()
    {
        await SeededAndChainedAsync();
        var target = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "type = 'claim_extracted' and seq_id > 40");

        await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
            $"update claimsledger.mt_events set timestamp = timestamp + interval '1 microsecond' where seq_id = {target}");

        var verification = await Api.VerifyAsync();
        verification.FirstBrokenSequence.ShouldBe(target);
        verification.Breaks.ShouldHaveSingleItem().Problem.ShouldContain("altered");
    }

    [Fact]
    public async Task deleting_an_event_row_shows_as_a_missing_link_exactly_at_that_event()
    {
        var before = await SeededAndChainedAsync();
        var target = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "seq_id > 60");

        (await AuditTestSupport.SqlAsync(Fixture.ConnectionString, $"delete from claimsledger.mt_events where seq_id = {target}")).ShouldBe(1);

        var verification = await Api.VerifyAsync();
        verification.FirstBrokenSequence.ShouldBe(target);
        verification.Breaks.ShouldHaveSingleItem().Problem.ShouldContain("missing");
        verification.Checked.ShouldBe(before.Checked);
    }

    [Fact]
    public async Task rewriting_the_links_to_fit_an_altered_event_is_caught_by_the_signed_checkpoint()
    {
        var before = await SeededAndChainedAsync();
        var target = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "type = 'claim_extracted' and seq_id > 20");
        await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
            $"update claimsledger.mt_events set data = jsonb_set(data, '{{confidence}}', '0.99') where seq_id = {target}");

        // Someone with write access to the database recomputes every link from the altered event on.
        await using (var connection = new NpgsqlConnection(Fixture.ConnectionString))
        {
            await connection.OpenAsync();
            var previous = Convert.FromHexString((await LinkAsync(connection, target - 1))!);
            var rewritten = new List<(long, string)>();
            await foreach (var row in CanonicalEvent.ReadRangeAsync(connection, "claimsledger", target, before.HeadSequence, CancellationToken.None))
            {
                previous = CanonicalEvent.Link(previous, row.Digest());
                rewritten.Add((row.Sequence, CanonicalEvent.Hex(previous)));
            }
            foreach (var (sequence, hash) in rewritten)
                await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
                    $"update claimsledger.mt_doc_auditlink set data = jsonb_set(data, '{{hash}}', '\"{hash}\"') where id = {sequence}");
        }

        var verification = await Api.VerifyAsync();
        verification.Intact.ShouldBeFalse();
        verification.FirstBrokenSequence.ShouldBe(before.HeadSequence, "the only checkpoint, at the head, no longer matches the rewritten chain");
        verification.Breaks.ShouldHaveSingleItem().Problem.ShouldContain("signed checkpoint");
        verification.Checkpoints.FirstInvalidSequence.ShouldBe(before.HeadSequence);
    }

    [Fact]
    public async Task rebuilding_every_projection_keeps_the_chain_and_cannot_launder_an_alteration()
    {
        var before = await SeededAndChainedAsync();
        var target = await AuditTestSupport.SequenceOfAsync(Fixture.ConnectionString, "type = 'claim_extracted' and seq_id > 30");
        await AuditTestSupport.SqlAsync(Fixture.ConnectionString,
            $"update claimsledger.mt_events set data = jsonb_set(data, '{{confidence}}', '0.11') where seq_id = {target}");

        (await Api.Post("/api/admin/projections/rebuild", new { projections = new[] { AuditChainProjection.Name } })).ShouldBeProblem(400, "projections[0]");
        var (_, finished) = await Api.RebuildAsync();
        await Fixture.WaitForProjectionsAsync();

        finished.Projections.ShouldNotContain(AuditChainProjection.Name, "the chain is never rebuilt");
        finished.Projections.ShouldContain("Alignment");
        finished.State.ShouldBe("completed", finished.Error);
        var verification = await Api.VerifyAsync();
        verification.FirstBrokenSequence.ShouldBe(target);
        verification.Checkpoints.ShouldBe(before.Checkpoints);
        // The rebuild's own events are linked after the head, continuing the old chain.
        verification.HeadSequence.ShouldBeGreaterThan(before.HeadSequence);
    }

    private async Task<CanonicalEvent> RowAsync(long sequence)
    {
        await using var connection = new NpgsqlConnection(Fixture.ConnectionString);
        await connection.OpenAsync();
        await foreach (var row in CanonicalEvent.ReadRangeAsync(connection, "claimsledger", sequence, sequence, CancellationToken.None)) return row;
        throw new InvalidOperationException($"no event {sequence}");
    }

    private static async Task<string?> LinkAsync(NpgsqlConnection connection, long sequence)
    {
        await using var command = new NpgsqlCommand($"select data ->> 'hash' from claimsledger.mt_doc_auditlink where id = {sequence}", connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}

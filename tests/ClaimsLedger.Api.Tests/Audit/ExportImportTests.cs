using System.Text;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace ClaimsLedger.Api.Tests.Audit;

/// <summary>The NDJSON export, and its replay into an empty ledger: exact when the export is intact, refused when it is not.</summary>
public sealed class ExportImportTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private async Task<(string Export, AuditVerification Chain)> SeededExportAsync()
    {
        await Fixture.SeedAsync();
        await Api.Post("/api/claims/" + await AnyClaimAsync() + "/confidence", new { confidence = 0.35, reason = "Second thoughts." });
        await Api.RequestCheckpointAsync();
        await Fixture.WaitForProjectionsAsync();
        var export = await Api.Get("/api/export");
        export.Code.ShouldBe(200, export.Body);
        export.ContentType?.MediaType.ShouldBe(LedgerExport.ContentType);
        return (export.Body, await Api.VerifyAsync());
    }

    [Fact]
    public async Task the_export_is_a_header_then_one_line_per_event_with_its_chain_hash_and_checkpoint()
    {
        var (export, chain) = await SeededExportAsync();

        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = ExportLines.ReadHeader(lines[0]);
        header.PublicKey.ShouldBe(chain.PublicKey);
        header.Canonical.ShouldBe(CanonicalEvent.Format);
        var events = lines.Skip(1).Select(ExportLines.Read).ToList();
        events.Count.ShouldBe((int)chain.Checked);
        events.Select(e => e.Event.Sequence).ShouldBeInOrder(SortDirection.Ascending);
        events[^1].Hash.ShouldBe(chain.HeadHash);
        events[^1].Event.Type.ShouldBe("audit_checkpoint_requested");
        events[^1].Checkpoint.ShouldNotBeNull().Events.ShouldBe(chain.Checked);
        events.Count(e => e.Checkpoint is not null).ShouldBe(1);
        lines[1].ShouldContain("\"metadata\":{\"correlationId\":");
    }

    [Fact]
    public async Task an_export_replayed_into_the_emptied_ledger_gives_the_same_events_and_the_same_chain()
    {
        var (export, chain) = await SeededExportAsync();
        await Fixture.ResetAsync();

        var result = await ImportAsync(export);
        await Fixture.WaitForProjectionsAsync();

        result.Events.ShouldBe(chain.Checked);
        result.Checkpoints.ShouldBe(1);
        result.HeadHash.ShouldBe(chain.HeadHash);
        var again = await Api.Get("/api/export");
        // Same sequences, ids, streams, versions, record times, metadata and data, so the same links: the exports differ
        // only in the header's export time. (The checkpoint on the last line is the new ledger's, cut at the same request.)
        Body(again.Body).ShouldBe(Body(export));
        (await Api.VerifyAsync()).HeadHash.ShouldBe(chain.HeadHash);
    }

    [Fact]
    public async Task an_export_with_one_altered_line_is_refused_naming_that_line_and_nothing_is_imported()
    {
        var (export, _) = await SeededExportAsync();
        await Fixture.ResetAsync();
        var lines = export.Split('\n');
        lines[30].ShouldContain("\"actor\": \"seed-loader\"");
        lines[30] = lines[30].Replace("\"actor\": \"seed-loader\"", "\"actor\": \"mallory\"");
        var sequence = ExportLines.Read(lines[30]).Event.Sequence;

        var refused = await Should.ThrowAsync<ImportRefusedException>(() => ImportAsync(string.Join('\n', lines)));

        refused.Message.ShouldStartWith($"Line 31 (sequence {sequence}) breaks the hash chain");
        await using var session = Fixture.Store.QuerySession();
        (await session.Events.QueryAllRawEvents().CountAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task an_export_whose_chain_was_recomputed_after_an_alteration_is_refused_at_the_signed_checkpoint()
    {
        var (export, _) = await SeededExportAsync();
        await Fixture.ResetAsync();
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        var events = lines.Skip(1).Select(ExportLines.Read).ToList();
        var altered = events[20] with { Event = events[20].Event with { UserName = "mallory" } };
        events[20] = altered;
        var previous = Convert.FromHexString(events[19].Hash);
        var rewritten = new StringBuilder(lines[0]).Append('\n');
        foreach (var e in events)
        {
            if (e.Event.Sequence >= altered.Event.Sequence) previous = CanonicalEvent.Link(previous, e.Event.Digest());
            var hash = e.Event.Sequence >= altered.Event.Sequence ? CanonicalEvent.Hex(previous) : e.Hash;
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            ExportLines.Write(buffer, e.Event, hash, e.Checkpoint is { } c
                ? new AuditCheckpoint { Id = e.Event.Sequence, HeadHash = hash, Time = c.Time, Events = c.Events, PublicKey = c.PublicKey, Signature = c.Signature }
                : null);
            rewritten.Append(Encoding.UTF8.GetString(buffer.WrittenSpan));
        }

        var refused = await Should.ThrowAsync<ImportRefusedException>(() => ImportAsync(rewritten.ToString()));

        refused.Message.ShouldContain($"(sequence {events[^1].Event.Sequence}) carries a checkpoint whose signature does not verify");
    }

    [Fact]
    public async Task an_import_into_a_ledger_that_already_has_events_is_refused()
    {
        var (export, chain) = await SeededExportAsync();

        var refused = await Should.ThrowAsync<ImportRefusedException>(() => ImportAsync(export));

        refused.Message.ShouldContain("not empty");
        (await Api.VerifyAsync()).HeadSequence.ShouldBe(chain.HeadSequence);
    }

    private Task<ImportResult> ImportAsync(string export) =>
        LedgerImport.RunAsync(Fixture.Store, () => new MemoryStream(Encoding.UTF8.GetBytes(export)), null, CancellationToken.None);

    private static string Body(string export) => export[(export.IndexOf('\n') + 1)..];

    private async Task<string> AnyClaimAsync()
    {
        await using var session = Fixture.Store.QuerySession();
        return await session.Query<Api.Claims.ClaimDetails>().OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }
}

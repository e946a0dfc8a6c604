using System.Buffers;
using System.Text.Json;
using Marten.Storage;
using Npgsql;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Writes the whole ledger as NDJSON (<see cref="ExportLines"/>), streamed from one query (one snapshot) in sequence order,
/// so memory stays flat however long the ledger is. Shared by <c>GET /api/export</c> and the <c>export</c> command.
/// <para>
/// Each line carries the hash the ledger recorded for that event, not one recomputed here: an event altered in the
/// database then disagrees with its own line, and an import refuses it at that line. Events newer than the chain's head
/// (not linked yet) get the hash their link will have.
/// </para>
/// </summary>
public static class LedgerExport
{
    public const string ContentType = "application/x-ndjson";

    public static async Task<long> WriteAsync(IDocumentStore store, AuditSigner signer, DateTimeOffset now, Stream output, CancellationToken ct)
    {
        var header = new ExportHeader(ExportHeader.Version, CanonicalEvent.Format, signer.PublicKey, [.. signer.TrustedKeys.Order(StringComparer.Ordinal)],
            CanonicalEvent.FormatTimestamp(now));
        await output.WriteAsync(ExportLines.Header(header), ct);

        await using var connection = store.Storage.Database.CreateConnection(ConnectionUsage.Read);
        await connection.OpenAsync(ct);
        var schema = AuditTables.Schema(store);
        await using var command = new NpgsqlCommand(
            $"""
             {CanonicalEvent.Select(", l.data ->> 'hash', c.data::text")}
             from {CanonicalEvent.Table(schema)}
             left join {AuditTables.Links(store)} l on l.id = e.seq_id
             left join {AuditTables.Checkpoints(store)} c on c.id = e.seq_id
             where {CanonicalEvent.InChain}
             order by e.seq_id
             """, connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);

        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var previous = CanonicalEvent.Genesis;
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            var e = CanonicalEvent.Read(reader);
            var stored = reader.IsDBNull(CanonicalEvent.ColumnCount) ? null : reader.GetString(CanonicalEvent.ColumnCount);
            var checkpoint = reader.IsDBNull(CanonicalEvent.ColumnCount + 1) ? null
                : JsonSerializer.Deserialize<AuditCheckpoint>(reader.GetString(CanonicalEvent.ColumnCount + 1), JsonSerializerOptions.Web);
            var hash = stored ?? CanonicalEvent.Hex(CanonicalEvent.Link(previous, e.Digest()));
            previous = Convert.FromHexString(hash);
            ExportLines.Write(buffer, e, hash, checkpoint);
            count++;
            if (buffer.WrittenCount >= 48 * 1024)
            {
                await output.WriteAsync(buffer.WrittenMemory, ct);
                buffer.ResetWrittenCount();
            }
        }
        await output.WriteAsync(buffer.WrittenMemory, ct);
        await output.FlushAsync(ct);
        return count;
    }
}

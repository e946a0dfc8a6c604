using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ClaimsLedger.Api.Audit;

/// <summary>The first line of an export: what it is and which keys sign its checkpoints.</summary>
public sealed record ExportHeader(string Format, string Canonical, string PublicKey, IReadOnlyList<string> TrustedKeys, string ExportedAt)
{
    public const string Version = "claimsledger.export.v1";
}

/// <summary>A checkpoint carried on the line of the event it seals (its sequence and head hash are that line's).</summary>
public sealed record ExportedCheckpoint(string Time, long Events, string PublicKey, string Signature);

/// <summary>One event line, read back: the row as it was, the chain hash the ledger recorded for it, and any checkpoint there.</summary>
public sealed record ExportedEvent(CanonicalEvent Event, string Hash, ExportedCheckpoint? Checkpoint);

/// <summary>
/// The NDJSON export (format <c>claimsledger.export.v1</c>): a header line, then one line per event in sequence order:
/// <code>
/// {"sequence":1,"id":"…","tenant":"*DEFAULT*","stream":"…","version":1,"type":"source_registered",
///  "timestamp":"2024-07-01T12:00:00.005000Z","archived":false,
///  "metadata":{"correlationId":"…","causationId":"…","userName":"…","headers":null},
///  "data":{…},"hash":"…","checkpoint":{"time":"…","events":100,"publicKey":"…","signature":"…"}}
/// </code>
/// <c>data</c> and <c>headers</c> are PostgreSQL's jsonb text copied verbatim, so a reader recovers the exact canonical bytes
/// (<see cref="CanonicalEvent"/>) from the line; a SQL NULL is an absent member, which keeps it apart from a JSON <c>null</c>.
/// </summary>
public static class ExportLines
{
    private static readonly JsonWriterOptions Writing = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Header(ExportHeader header) => [.. JsonSerializer.SerializeToUtf8Bytes(header, Web), (byte)'\n'];

    public static ExportHeader ReadHeader(string line) =>
        JsonSerializer.Deserialize<ExportHeader>(line, Web) is { Format: ExportHeader.Version } header ? header
        : throw new FormatException($"not a {ExportHeader.Version} header");

    public static void Write(ArrayBufferWriter<byte> buffer, CanonicalEvent e, string hash, AuditCheckpoint? checkpoint)
    {
        using (var json = new Utf8JsonWriter(buffer, Writing))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", e.Sequence);
            json.WriteString("id", e.Id.ToString("D"));
            json.WriteString("tenant", e.Tenant);
            json.WriteString("stream", e.Stream);
            json.WriteNumber("version", e.Version);
            json.WriteString("type", e.Type);
            json.WriteString("timestamp", e.Timestamp);
            json.WriteBoolean("archived", e.Archived);
            json.WriteStartObject("metadata");
            json.WriteString("correlationId", e.CorrelationId);
            json.WriteString("causationId", e.CausationId);
            json.WriteString("userName", e.UserName);
            if (e.Headers is not null)
            {
                json.WritePropertyName("headers");
                json.WriteRawValue(e.Headers, skipInputValidation: true);
            }
            json.WriteEndObject();
            if (e.Data is not null)
            {
                json.WritePropertyName("data");
                json.WriteRawValue(e.Data, skipInputValidation: true);
            }
            json.WriteString("hash", hash);
            if (checkpoint is not null)
            {
                json.WriteStartObject("checkpoint");
                json.WriteString("time", checkpoint.Time);
                json.WriteNumber("events", checkpoint.Events);
                json.WriteString("publicKey", checkpoint.PublicKey);
                json.WriteString("signature", checkpoint.Signature);
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        buffer.Write("\n"u8);
    }

    /// <summary>Reads an event line; a malformed one is a <see cref="FormatException"/> naming what is wrong.</summary>
    public static ExportedEvent Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var metadata = root.GetProperty("metadata");
            var timestamp = root.GetProperty("timestamp").GetString() ?? throw new FormatException("timestamp is null");
            if (!DateTimeOffset.TryParseExact(timestamp, CanonicalEvent.TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                throw new FormatException($"timestamp '{timestamp}' is not in the form {CanonicalEvent.TimestampFormat}");
            var e = new CanonicalEvent(
                root.GetProperty("sequence").GetInt64(), root.GetProperty("id").GetGuid(), root.GetProperty("tenant").GetString(),
                root.GetProperty("stream").GetString(), root.GetProperty("version").GetInt64(), root.GetProperty("type").GetString(), timestamp,
                root.GetProperty("archived").GetBoolean(), metadata.GetProperty("correlationId").GetString(),
                metadata.GetProperty("causationId").GetString(), metadata.GetProperty("userName").GetString(),
                metadata.TryGetProperty("headers", out var headers) ? headers.GetRawText() : null,
                root.TryGetProperty("data", out var data) ? data.GetRawText() : null);
            var checkpoint = root.TryGetProperty("checkpoint", out var c)
                ? new ExportedCheckpoint(c.GetProperty("time").GetString() ?? "", c.GetProperty("events").GetInt64(),
                    c.GetProperty("publicKey").GetString() ?? "", c.GetProperty("signature").GetString() ?? "")
                : null;
            return new ExportedEvent(e, root.GetProperty("hash").GetString() ?? "", checkpoint);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException(ex.Message, ex);
        }
    }
}

using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Npgsql;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// One row of <c>mt_events</c> exactly as PostgreSQL holds it, and its canonical bytes: the one definition of what the
/// hash chain covers (README, "Proving the audit trail"; <c>tools/verify-proof.py</c> reads the same format).
/// <para>
/// The canonical form (format <c>claimsledger.event.v1</c>) is UTF-8 text, one field a line, each line ending in LF,
/// in this order:
/// <code>
/// claimsledger.event.v1
/// seq:{seq_id, decimal}
/// id:{id, lower-case 8-4-4-4-12}
/// tenant:{T}
/// stream:{T}
/// version:{version, decimal}
/// type:{T}                     the event type name (e.g. claim_corroborated)
/// timestamp:{timestamp in UTC, yyyy-MM-ddTHH:mm:ss.ffffffZ: every microsecond PostgreSQL stores}
/// archived:{true|false}
/// correlation:{T}
/// causation:{T}
/// user:{T}
/// headers:{T}                  jsonb rendered by PostgreSQL (headers::text)
/// data:{T}                     jsonb rendered by PostgreSQL (data::text)
/// </code>
/// where {T} is <c>{n}:{text}</c>, n being the text's length in UTF-8 bytes, or <c>-</c> for SQL NULL. The length prefix
/// makes the form injective: no value can imitate a field boundary, and NULL differs from empty. Text comes from
/// PostgreSQL's own rendering of each column, so any byte-level change to a covered column changes the form.
/// Not covered: <c>mt_dotnet_type</c> (a CLR name, which moves with refactoring) and <c>bdata</c> (binary serializers are
/// not used); Marten's tombstones, placeholders that fill sequence numbers of failed appends, are not events and are
/// left out of the chain.
/// </para>
/// <para>
/// The chain: <c>link(e) = SHA-256(link(previous) ‖ SHA-256(canonical(e)))</c> over the events in sequence order, with
/// 32 zero bytes before the first. Hashing each event's bytes first lets a proof carry, for every link but its own event,
/// a 32-byte digest instead of another event's content.
/// </para>
/// </summary>
public sealed record CanonicalEvent(
    long Sequence, Guid Id, string? Tenant, string? Stream, long Version, string? Type, string Timestamp, bool Archived,
    string? CorrelationId, string? CausationId, string? UserName, string? Headers, string? Data)
{
    public const string Format = "claimsledger.event.v1";
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static readonly byte[] Genesis = new byte[32];

    public byte[] Bytes()
    {
        var text = new StringBuilder(256 + (Data?.Length ?? 0));
        text.Append(Format).Append('\n');
        Line(text, "seq", Sequence.ToString(CultureInfo.InvariantCulture));
        Line(text, "id", Id.ToString("D"));
        Text(text, "tenant", Tenant);
        Text(text, "stream", Stream);
        Line(text, "version", Version.ToString(CultureInfo.InvariantCulture));
        Text(text, "type", Type);
        Line(text, "timestamp", Timestamp);
        Line(text, "archived", Archived ? "true" : "false");
        Text(text, "correlation", CorrelationId);
        Text(text, "causation", CausationId);
        Text(text, "user", UserName);
        Text(text, "headers", Headers);
        Text(text, "data", Data);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public byte[] Digest() => SHA256.HashData(Bytes());

    /// <summary>The next link of the chain: SHA-256(previous link ‖ event digest).</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> digest)
    {
        Span<byte> both = stackalloc byte[64];
        previous.CopyTo(both);
        digest.CopyTo(both[32..]);
        return SHA256.HashData(both);
    }

    public DateTimeOffset RecordedAt => DateTimeOffset.ParseExact(Timestamp, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Record time in the canonical rendering: what a row read back from PostgreSQL would show.</summary>
    public static string FormatTimestamp(DateTimeOffset t) => t.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private static void Line(StringBuilder text, string name, string value) => text.Append(name).Append(':').Append(value).Append('\n');

    private static void Text(StringBuilder text, string name, string? value)
    {
        text.Append(name).Append(':');
        if (value is null) text.Append('-');
        else text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        text.Append('\n');
    }

    /// <summary>The covered columns, rendered by PostgreSQL. Timestamps leave the server as text, so no client clock or type mapping can round them.</summary>
    private const string Columns = """
        e.seq_id, e.id, e.tenant_id, e.stream_id, e.version, e.type,
        to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.is_archived, e.correlation_id, e.causation_id, e.user_name, e.headers::text, e.data::text
        """;

    public const int ColumnCount = 13;

    /// <summary>The events table as <c>e</c>, which <see cref="Select"/> reads.</summary>
    public static string Table(string schema) => $"{schema}.mt_events e";

    /// <summary>The rows of the chain: every event but Marten's tombstones.</summary>
    public static readonly string InChain = $"not (e.type = '{Tombstone.Name}' and e.stream_id = '{Tombstone.StreamKey}')";

    public static string Select(string extraColumns = "") => $"select {Columns}{extraColumns}";

    /// <summary>Reads a row selected with <see cref="Select"/>; further columns start at <see cref="ColumnCount"/>.</summary>
    public static CanonicalEvent Read(NpgsqlDataReader row) => new(
        row.GetInt64(0), row.GetGuid(1), Nullable(row, 2), Nullable(row, 3), row.GetInt64(4), Nullable(row, 5), row.GetString(6),
        row.GetBoolean(7), Nullable(row, 8), Nullable(row, 9), Nullable(row, 10), Nullable(row, 11), Nullable(row, 12));

    /// <summary>The chain's rows with sequences in [<paramref name="from"/>, <paramref name="to"/>], in order.</summary>
    public static async IAsyncEnumerable<CanonicalEvent> ReadRangeAsync(NpgsqlConnection connection, string schema, long from, long to,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"{Select()} from {Table(schema)} where {InChain} and e.seq_id between $1 and $2 order by e.seq_id", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = to });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct)) yield return Read(reader);
    }

    private static string? Nullable(NpgsqlDataReader row, int i) => row.IsDBNull(i) ? null : row.GetString(i);
}

using System.Text;
using System.Text.Json;
using Marten.Storage;
using Npgsql;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Appends verified export lines through Marten (so inline projections build as they go) and reads back what PostgreSQL
/// then holds, comparing it with the line field by field before each commit.
/// <para>
/// One append takes each stream's events together, in the order the streams first appear, and draws their sequence
/// numbers in that order; so a batch keeps the export's order only while no stream comes back after another and its
/// sequences are consecutive. Before each batch the event sequence is set to the exported position, which also
/// reproduces the gaps rolled-back appends left in the source. Each transaction locks the event tables and checks that
/// the ledger ends where the previous one left it, so an emptiness checked once stays true.
/// </para>
/// </summary>
public sealed class ImportReplay : IAsyncDisposable
{
    private const int MaxPerAppend = 500, EventsPerTransaction = 5000;

    private readonly IDocumentStore _store;
    private readonly IReadOnlyDictionary<string, Type> _types;
    private readonly NpgsqlConnection _connection;
    private readonly string _schema;
    private readonly List<VerifiedLine> _batch = [];
    private readonly HashSet<string> _streams = new(StringComparer.Ordinal);
    private readonly List<VerifiedLine> _unchecked = [];
    private NpgsqlTransaction? _transaction;
    private long _nextSequence = -1;

    private ImportReplay(IDocumentStore store, IReadOnlyDictionary<string, Type> types, NpgsqlConnection connection)
    {
        (_store, _types, _connection, _schema) = (store, types, connection, AuditTables.Schema(store));
    }

    /// <summary>The last sequence committed to the target; 0 while nothing is.</summary>
    public long Committed { get; private set; }

    public static async Task<ImportReplay> StartAsync(IDocumentStore store, IReadOnlyDictionary<string, Type> types, CancellationToken ct)
    {
        var connection = store.Storage.Database.CreateConnection(ConnectionUsage.ReadWrite);
        await connection.OpenAsync(ct);
        var replay = new ImportReplay(store, types, connection);
        try
        {
            await replay.BeginAsync(ct);
            return replay;
        }
        catch
        {
            // A refused start (a non-empty target) must not leave its transaction holding the table locks.
            await replay.DisposeAsync();
            throw;
        }
    }

    public async Task AddAsync(VerifiedLine line, CancellationToken ct)
    {
        var e = line.Event;
        var last = _batch.Count > 0 ? _batch[^1].Event : null;
        if (last is not null && (last.Sequence + 1 != e.Sequence || _batch.Count >= MaxPerAppend || (last.Stream != e.Stream && _streams.Contains(e.Stream!))))
            await AppendBatchAsync(ct);
        _batch.Add(line);
        _streams.Add(e.Stream!);
    }

    public async Task FinishAsync(CancellationToken ct)
    {
        await AppendBatchAsync(ct);
        await StartWebhookRelaysAtTheEndAsync(ct);
        await CommitAsync(ct);
    }

    /// <summary>
    /// The imported history was notified where it was recorded, and its subscriptions' secrets never leave that
    /// installation: the webhook relays start after the last imported event, in the same transaction, so the new ledger
    /// notifies only what happens to it (nothing runs the relays during an import: the host is not started).
    /// </summary>
    private async Task StartWebhookRelaysAtTheEndAsync(CancellationToken ct)
    {
        var end = _nextSequence - 1;
        if (end <= 0) return;
        foreach (var relay in new[] { Subscriptions.WebhookEventRelay.Name, Subscriptions.WebhookAlignmentRelay.Name })
            await ExecuteAsync($"insert into {_schema}.mt_event_progression (name, last_seq_id) values ('{relay}:All', {end}) " +
                               "on conflict (name) do update set last_seq_id = excluded.last_seq_id", ct);
    }

    private async Task BeginAsync(CancellationToken ct)
    {
        _transaction = await _connection.BeginTransactionAsync(ct);
        await ExecuteAsync($"lock table {_schema}.mt_streams, {_schema}.mt_events in exclusive mode", ct);
        var events = await ScalarAsync($"select count(*) from {_schema}.mt_events", ct);
        var head = await ScalarAsync($"select coalesce(max(seq_id), 0) from {_schema}.mt_events", ct);
        if (Committed == 0 && (events > 0 || await ScalarAsync($"select count(*) from {_schema}.mt_streams", ct) > 0))
            throw new ImportRefusedException($"The target ledger is not empty ({events} events); import only into an empty database.");
        if (Committed > 0 && head != Committed)
            throw new ImportRefusedException($"Something else appended to the target during the import (it ends at sequence {head}, not {Committed}).");
    }

    private async Task CommitAsync(CancellationToken ct)
    {
        await CheckAsync(ct);
        await _transaction!.CommitAsync(ct);
        await _transaction.DisposeAsync();
        _transaction = null;
        Committed = _nextSequence - 1;
    }

    private async Task AppendBatchAsync(CancellationToken ct)
    {
        if (_batch.Count == 0) return;
        if (_unchecked.Count >= EventsPerTransaction)
        {
            await CommitAsync(ct);
            await BeginAsync(ct);
        }
        if (_nextSequence != _batch[0].Event.Sequence)
            await ExecuteAsync($"select setval('{_schema}.mt_events_sequence', {_batch[0].Event.Sequence}, false)", ct);

        await using var session = _store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(_transaction!));
        for (var start = 0; start < _batch.Count;)
        {
            var stream = _batch[start].Event.Stream!;
            var run = _batch.Skip(start).TakeWhile(r => r.Event.Stream == stream).ToList();
            var action = session.Events.Append(stream, run.Select(r => Data(r.Event)).ToArray());
            for (var i = 0; i < run.Count; i++)
            {
                var (e, target) = (run[i].Event, action.Events[i]);
                target.Id = e.Id;
                target.Timestamp = e.RecordedAt;
                target.CorrelationId = e.CorrelationId;
                target.CausationId = e.CausationId;
                target.UserName = e.UserName;
                target.Headers = e.Headers is null ? null : JsonSerializer.Deserialize<Dictionary<string, object>>(e.Headers);
            }
            start += run.Count;
        }
        await session.SaveChangesAsync(ct);
        _nextSequence = _batch[^1].Event.Sequence + 1;
        _unchecked.AddRange(_batch);
        _batch.Clear();
        _streams.Clear();
    }

    private object Data(CanonicalEvent e)
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(e.Data!));
        return _store.Options.Serializer().FromJson(_types[e.Type!], json);
    }

    /// <summary>What PostgreSQL now holds must be the exported rows exactly, or the new chain would differ.</summary>
    private async Task CheckAsync(CancellationToken ct)
    {
        if (_unchecked.Count == 0) return;
        var stored = new List<CanonicalEvent>(_unchecked.Count);
        await foreach (var row in CanonicalEvent.ReadRangeAsync(_connection, _schema, _unchecked[0].Event.Sequence, _unchecked[^1].Event.Sequence, ct))
            stored.Add(row);
        for (var i = 0; i < _unchecked.Count; i++)
        {
            var expected = _unchecked[i];
            if (i >= stored.Count) throw Refused(expected, "was not stored at its sequence");
            if (stored[i] != expected.Event) throw Refused(expected, $"was not reproduced exactly: {Difference(expected.Event, stored[i])}");
        }
        _unchecked.Clear();
    }

    private static string Difference(CanonicalEvent expected, CanonicalEvent actual) =>
        typeof(CanonicalEvent).GetProperties()
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != nameof(CanonicalEvent.RecordedAt) && !Equals(p.GetValue(expected), p.GetValue(actual)))
            .Select(p => $"{p.Name} exported as {Shorten(p.GetValue(expected))}, stored as {Shorten(p.GetValue(actual))}")
            .FirstOrDefault() ?? "unknown difference";

    private static string Shorten(object? value) => value?.ToString() is { } s ? (s.Length > 120 ? s[..120] + "…" : s) : "NULL";

    private static ImportRefusedException Refused(VerifiedLine line, string problem) =>
        new($"Line {line.Line} (sequence {line.Event.Sequence}) {problem}.");

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null) await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

using System.Text.Json;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Upserts many documents of one type in one statement (an <c>insert … select from unnest(…) on conflict (id) do update</c>
/// queued in the session's save), with the same JSON and columns as Marten's own upsert of each. For a projection that writes
/// thousands of documents a save: Marten sends one statement a document, and its session checks every document it stores
/// against all those stored before it (<c>UnitOfWork.Add</c>), so a save's cost grew with the square of its size. The
/// contradictions' replay wrote 945,000 pairs one statement each on the 200k ledger. Documents that must be new (the audit
/// chain's links) go the same way without the <c>on conflict</c> (<see cref="QueueInsert"/>).
/// </summary>
/// <remarks>
/// <see cref="Columns"/> must name every column Marten maps the type to beyond id and data (its duplicated fields), or the
/// others would be left as they were: <c>SetUpsertTests</c> compares them with each type's table.
/// </remarks>
public sealed class SetUpsert<T> : ISetUpsert where T : notnull
{
    private readonly Func<T, object> _id;
    private readonly string _idType;
    private readonly Func<IReadOnlyList<T>, Array> _ids;
    private readonly Column[] _columns;

    /// <summary>For a type with string ids (a <c>varchar</c> id column).</summary>
    public SetUpsert(Func<T, string> id, params Column[] columns) : this(d => id(d), "varchar", docs => docs.Select(id).ToArray(), columns) { }

    private SetUpsert(Func<T, object> id, string idType, Func<IReadOnlyList<T>, Array> ids, Column[] columns) =>
        (_id, _idType, _ids, _columns) = (id, idType, ids, columns);

    /// <summary>For a type with Guid ids (a <c>uuid</c> id column).</summary>
    public static SetUpsert<T> ByGuid(Func<T, Guid> id, params Column[] columns) =>
        new(d => id(d), "uuid", docs => docs.Select(id).ToArray(), columns);

    /// <summary>For a type with long ids (a <c>bigint</c> id column).</summary>
    public static SetUpsert<T> ByLong(Func<T, long> id, params Column[] columns) =>
        new(d => id(d), "bigint", docs => docs.Select(id).ToArray(), columns);

    /// <summary>
    /// A column beyond id and data: its values for the documents, sent as one array of <paramref name="ArrayType"/>, and the
    /// SQL that turns a row's element (<c>u.name</c>) into the column's value (itself, unless the column is an array: PostgreSQL
    /// has no arrays of arrays, so those travel as JSON).
    /// </summary>
    public sealed record Column(string Name, string ArrayType, Func<IReadOnlyList<T>, Array> Values, string? Select = null);

    public static Column Of<TValue>(string name, string sqlType, Func<T, TValue> value) =>
        new(name, sqlType, docs => docs.Select(value).ToArray());

    /// <summary>A <c>varchar[]</c> column, sent as a JSON array a row.</summary>
    public static Column Strings(string name, Func<T, IEnumerable<string>> value) =>
        new(name, "jsonb", docs => docs.Select(d => JsonSerializer.Serialize(value(d))).ToArray(),
            $"array(select jsonb_array_elements_text(u.\"{name}\"))::varchar[]");

    /// <summary>A <c>timestamptz</c> column (Npgsql writes only UTC offsets).</summary>
    public static Column Instant(string name, Func<T, DateTimeOffset?> value) => Of(name, "timestamptz", d => value(d)?.ToUniversalTime());

    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>
    /// Takes the session's pending upserts of <typeparamref name="T"/> documents (an inline projection's, which stores each
    /// one) out of its save and queues them as one set upsert instead. Leaves the save as it is when any pending write of the
    /// type is not an upsert (a delete, an insert that must fail on a duplicate): those keep Marten's order and checks.
    /// </summary>
    public void TakeOver(IDocumentSession session)
    {
        var pending = session.PendingChanges.Operations().OfType<Weasel.Storage.IDocumentStorageOperation>().Where(o => o.Document is T).ToList();
        if (pending.Count == 0 || pending.Any(o => o.Role() != Weasel.Core.OperationRole.Upsert)) return;
        var documents = pending.Select(o => (T)o.Document).ToList();
        // Every pending write of the type is one of these upserts: out in one pass over the save. Ejected one document at a
        // time, each scanned every pending operation, and a bulk batch's 500 claims or a replay's save of 2,500 documents
        // cost the square of that (4 % of the API's CPU under bulk batches, perf). Marten's EjectAllOfType takes only the
        // documents' own operations, not the set upserts already queued for the type.
        session.EjectAllOfType(typeof(T));
        Queue(session, documents);
    }

    /// <summary>Queues the upsert of <paramref name="documents"/> in the session's next save.</summary>
    public void Queue(IDocumentOperations ops, IReadOnlyList<T> documents)
    {
        if (documents.Count == 0) return;
        // Marten's upserts of one id in a save leave the last; one statement may not touch a row twice.
        // (Boxed strings and Guids compare by value, strings ordinally.)
        if (documents.Select(_id).Distinct().Count() < documents.Count)
            documents = documents.GroupBy(_id).Select(g => g.Last()).ToList();
        var names = _columns.Select(c => $"\"{c.Name}\"");
        QueueStatement(ops, documents, $"on conflict (id) do update set data = excluded.data{string.Concat(names.Select(n => $", {n} = excluded.{n}"))}");
    }

    /// <summary>
    /// Queues the insert of <paramref name="documents"/>, which must all be new: an id already in the table, or twice among
    /// them, fails the whole save (a unique violation), as Marten's <c>Insert</c> of each would.
    /// </summary>
    public void QueueInsert(IDocumentOperations ops, IReadOnlyList<T> documents)
    {
        if (documents.Count > 0) QueueStatement(ops, documents, "");
    }

    private void QueueStatement(IDocumentOperations ops, IReadOnlyList<T> documents, string onConflict)
    {
        var serializer = ops.DocumentStore.Options.Serializer();
        var names = _columns.Select(c => $"\"{c.Name}\"").ToList();
        var sql = $"""
            insert into {DocumentTable.Of<T>(ops.DocumentStore)} (id, data{string.Concat(names.Select(n => ", " + n))})
            select u.id, u.data{string.Concat(_columns.Select(c => ", " + (c.Select ?? $"u.\"{c.Name}\"")))}
            from unnest(?::{_idType}[], ?::jsonb[]{string.Concat(_columns.Select(c => $", ?::{c.ArrayType}[]"))}) as u(id, data{string.Concat(names.Select(n => ", " + n))})
            {onConflict}
            """;
        object[] values =
        [
            _ids(documents),
            documents.Select(d => serializer.ToJson(d)).ToArray(),
            .. _columns.Select(c => c.Values(documents)),
        ];
        ops.QueueOperation(new SetUpsertOperation(typeof(T), documents.Count, sql, values));
    }
}

/// <summary>A <see cref="SetUpsert{T}"/> whatever its type, for the replays that take over a projection's writes.</summary>
public interface ISetUpsert
{
    /// <inheritdoc cref="SetUpsert{T}.TakeOver"/>
    void TakeOver(IDocumentSession session);
}

/// <summary>
/// One <see cref="SetUpsert{T}"/> statement in a save. Its own operation rather than <c>QueueSqlCommand</c>'s, so that what
/// counts a save's writes (<see cref="Admin.SequenceReplay"/>) counts the documents it writes, not one.
/// </summary>
public sealed class SetUpsertOperation(Type documentType, int documents, string sql, object[] values)
    : Marten.Internal.Operations.IStorageOperation, Weasel.Storage.NoDataReturnedCall
{
    public int Documents => documents;

    /// <summary>The documents the operations write: <see cref="Documents"/> for a set upsert, one for any other.</summary>
    public static int DocumentsIn(IEnumerable<Weasel.Storage.IStorageOperation> operations) =>
        operations.Sum(op => op is SetUpsertOperation set ? set.Documents : 1);

    public Type DocumentType => documentType;

    public void ConfigureCommand(Weasel.Postgresql.ICommandBuilder builder, Weasel.Storage.IStorageSession session)
    {
        var parameters = builder.AppendWithParameters(sql, '?');
        for (var i = 0; i < parameters.Length; i++)
        {
            // Typed as their arrays are (the builder's parameters start as text), as Marten's own QueueSqlCommand does.
            if (Weasel.Postgresql.PostgresqlProvider.Instance.TryGetDbType(values[i].GetType()) is { } type) parameters[i].NpgsqlDbType = type;
            parameters[i].Value = values[i];
        }
    }

    public Task PostprocessAsync(System.Data.Common.DbDataReader reader, IList<Exception> exceptions, CancellationToken token) => Task.CompletedTask;

    public Weasel.Core.OperationRole Role() => Weasel.Core.OperationRole.Other;
}

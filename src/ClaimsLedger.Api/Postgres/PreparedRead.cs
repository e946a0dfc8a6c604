using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A hot read written as one SQL statement, prepared on each pooled connection once and reused: one JSON object read with
/// the store's serializer (<see cref="JsonAsync{T}"/>: as-of alignments), or rows read as they come (<see cref="RowsAsync{T}"/>:
/// claim pages, whose claims arrive as served JSON text). Marten's LINQ translates, sends and has PostgreSQL plan each of a read's statements every time; for the reads served
/// thousands of times a second (as-of alignments, claim pages) that was much of their cost (README, "Benchmarks"). Only
/// these statements are prepared, not every statement through Npgsql's automatic preparation, which the writes cannot use
/// (README, "Tried and dropped"). Build a JSON object with <c>json_build_object</c> and <c>json_agg</c>, not their jsonb
/// twins: those take every aggregated document apart and build a new binary value that is then printed as text again (a
/// page of 50 claims: 1.3 ms of aggregation against 0.8 ms).
/// </summary>
public static class PreparedRead
{
    /// <summary>
    /// Runs <paramref name="sql"/> (positional parameters <c>$1</c>, <c>$2</c>, …) on a connection of the session's database and
    /// reads its single JSON column with the store's serializer, as Marten reads documents.
    /// </summary>
    public static async Task<T> JsonAsync<T>(IQuerySession session, string sql, CancellationToken ct, params object[] parameters)
    {
        var rows = await RowsAsync(session, sql, reader => session.DocumentStore.Options.Serializer().FromJson<T>(reader, 0), ct, parameters);
        return rows.Count > 0 ? rows[0] : throw new InvalidOperationException("A prepared read returned no row.");
    }

    /// <summary>
    /// Runs <paramref name="sql"/> as <see cref="JsonAsync{T}"/> does and reads each of its rows with <paramref name="read"/>, on
    /// a connection of the read pool (<see cref="ReadConnections"/>, never reset between leases): the statement must leave no
    /// session state behind.
    /// </summary>
    public static async Task<List<T>> RowsAsync<T>(IQuerySession session, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct,
        params object[] parameters)
    {
        await using var connection = ReadConnections.For(session);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.PrepareAsync(ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(read(reader));
        return rows;
    }
}

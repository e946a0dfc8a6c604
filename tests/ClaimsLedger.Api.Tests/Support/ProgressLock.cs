namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// The projections' progress table (or one projection's row) locked against writes (reads still pass) until released: the
/// async projections can apply a batch but not commit it, so the alignment stays where it is however long a test waits. (A
/// stopped agent is restarted by the daemon too soon to hold it back.)
/// </summary>
public sealed class ProgressLock : IAsyncDisposable
{
    private readonly Npgsql.NpgsqlConnection _connection;
    private readonly Npgsql.NpgsqlTransaction _transaction;

    private ProgressLock(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction) =>
        (_connection, _transaction) = (connection, transaction);

    /// <summary>Holds every async projection, or only <paramref name="shard"/> (its progress row locked, e.g. "Contradictions:All").</summary>
    public static async Task<ProgressLock> TakeAsync(LedgerFixture fixture, string? shard = null)
    {
        var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new Npgsql.NpgsqlCommand(shard is null
            ? "lock table claimsledger.mt_event_progression in exclusive mode"
            : "select 1 from claimsledger.mt_event_progression where name = $1 for update", connection, transaction);
        if (shard is not null) command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = shard });
        if (shard is null) await command.ExecuteNonQueryAsync();
        else if (await command.ExecuteScalarAsync() is null) throw new InvalidOperationException($"No progress row for {shard} to hold.");
        return new ProgressLock(connection, transaction);
    }

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

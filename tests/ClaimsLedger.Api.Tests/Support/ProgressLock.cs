namespace ClaimsLedger.Api.Tests.Support;

/// <summary>
/// The projections' progress table locked against writes (reads still pass) until released: the async projections can apply
/// a batch but not commit it, so the alignment stays where it is however long a test waits. (A stopped agent is restarted
/// by the daemon too soon to hold it back.)
/// </summary>
public sealed class ProgressLock : IAsyncDisposable
{
    private readonly Npgsql.NpgsqlConnection _connection;
    private readonly Npgsql.NpgsqlTransaction _transaction;

    private ProgressLock(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction) =>
        (_connection, _transaction) = (connection, transaction);

    public static async Task<ProgressLock> TakeAsync(LedgerFixture fixture)
    {
        var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new Npgsql.NpgsqlCommand("lock table claimsledger.mt_event_progression in exclusive mode", connection, transaction);
        await command.ExecuteNonQueryAsync();
        return new ProgressLock(connection, transaction);
    }

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

using JasperFx;
using Marten.Services;
using Npgsql;

namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Marten's logging, at the levels an operator needs: schema changes (hundreds of DDL lines on a first start) and
/// the SQL of commands at debug; a failed command at debug when it is expected (a write that lost a race, and is
/// retried) and at warning otherwise — without its SQL, since the request that failed is logged where it fails.
/// </summary>
public sealed class LedgerMartenLogger(ILogger<LedgerMartenLogger> logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogDebug("Schema change: {Sql}", sql);

    public void LogSuccess(NpgsqlCommand command) => logger.LogTrace("{Sql}", command.CommandText);

    public void LogSuccess(NpgsqlBatch batch) => logger.LogTrace("Batch of {Count} commands", batch.BatchCommands.Count);

    public void LogFailure(NpgsqlCommand command, Exception ex) => Failure(ex);

    public void LogFailure(NpgsqlBatch batch, Exception ex) => Failure(ex);

    public void LogFailure(Exception ex, string message) => Failure(ex);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    private void Failure(Exception ex)
    {
        if (Expected(ex)) logger.LogDebug("A write lost a race and will be retried: {Reason}", ex.Message);
        else logger.LogWarning("A database command failed: {Reason}", ex.Message);
    }

    private static bool Expected(Exception ex) =>
        ex is ConcurrencyException || ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } || ex.InnerException is { } inner && Expected(inner);
}

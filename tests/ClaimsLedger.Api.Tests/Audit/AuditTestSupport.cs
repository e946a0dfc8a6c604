using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Tests.Support;
using Npgsql;

namespace ClaimsLedger.Api.Tests.Audit;

internal static class AuditTestSupport
{
    public static async Task<AuditVerification> VerifyAsync(this LedgerApi api)
    {
        var reply = await api.Get("/api/audit/verify");
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<AuditVerification>();
    }

    public static async Task<long> RequestCheckpointAsync(this LedgerApi api, string reason = "Sealed for the test.")
    {
        var reply = await api.Post("/api/audit/checkpoints", new { reason }, actor: "auditor@example.org");
        reply.Code.ShouldBe(202, reply.Body);
        return reply.As<CheckpointRequestAccepted>().Sequence;
    }

    public static async Task<CheckpointPage> CheckpointsAsync(this LedgerApi api)
    {
        var reply = await api.Get("/api/audit/checkpoints?pageSize=200");
        reply.Code.ShouldBe(200, reply.Body);
        return reply.As<CheckpointPage>();
    }

    /// <summary>Real SQL against the ledger's tables, as someone with database access would tamper with them.</summary>
    public static async Task<int> SqlAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> SequenceOfAsync(string connectionString, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select seq_id from claimsledger.mt_events where {where} order by seq_id limit 1", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

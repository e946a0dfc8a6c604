using System.Text.Json;
using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Tests.Support;
using Marten;

namespace ClaimsLedger.Api.Tests.Admin;

internal static class RebuildTestSupport
{
    public const string Operator = "ops@example.org";

    /// <summary>Polls the status resource until the rebuild has ended; every test waits, so the next one may start its own.</summary>
    public static async Task<RebuildStatus> UntilFinishedAsync(this LedgerApi api, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var reply = await api.Get(location);
            reply.Code.ShouldBe(200, reply.Body);
            var status = reply.As<RebuildStatus>();
            if (status.State != "running") return status;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"rebuild still running: {reply.Body}");
            await Task.Delay(50);
        }
    }

    /// <summary>The rebuild schemas in the database (<see cref="RebuildStore.SchemaFor"/>): none once a rebuild has ended.</summary>
    public static async Task<List<string>> RebuildSchemasAsync(this LedgerFixture fixture)
    {
        await using var connection = new Npgsql.NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var query = new Npgsql.NpgsqlCommand($"select nspname from pg_namespace where nspname like '{RebuildStore.Schema}%'", connection);
        await using var rows = await query.ExecuteReaderAsync();
        var schemas = new List<string>();
        while (await rows.ReadAsync()) schemas.Add(rows.GetString(0));
        return schemas;
    }

    public static async Task<(Reply Accepted, RebuildStatus Finished)> RebuildAsync(this LedgerApi api, object? body = null)
    {
        var accepted = await api.Post("/api/admin/projections/rebuild", body ?? new { }, Operator);
        accepted.Code.ShouldBe(202, accepted.Body);
        return (accepted, await api.UntilFinishedAsync(accepted.Headers.Location!.ToString()));
    }
}

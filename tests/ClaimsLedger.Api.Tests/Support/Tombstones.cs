namespace ClaimsLedger.Api.Tests.Support;

/// <summary>Marten's tombstones, made by hand: a failed append leaves one, and nothing that reads the log may take it for an event.</summary>
public static class Tombstones
{
    /// <summary>A tombstone as Marten writes one to fill the sequence number of a failed append (its own stream, stamped -infinity).</summary>
    public static async Task<long> InsertAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            insert into claimsledger.mt_streams (id, version, timestamp, created, tenant_id) values ('mt_tombstone', 0, now(), now(), '*DEFAULT*')
              on conflict do nothing;
            insert into claimsledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type)
              select s, gen_random_uuid(), 'mt_tombstone', s, '{}', 'tombstone', '-infinity', '*DEFAULT*', 'JasperFx.Events.Tombstone, JasperFx.Events'
              from nextval('claimsledger.mt_events_sequence') as s
              returning seq_id;
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

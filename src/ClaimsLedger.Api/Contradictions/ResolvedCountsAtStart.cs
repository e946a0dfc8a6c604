using ClaimsLedger.Api.Postgres;
using Npgsql;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// Counts the resolved pairs of each subject whose <see cref="UnresolvedCount"/> was kept before those were counted, once the
/// store's schema is in place, so the lists' totals of an upgraded ledger come from the counts from the start rather than
/// from counting pairs until a batch about each subject does it. A ledger without such counts costs one read of its ~40
/// counts.
/// </summary>
public sealed class ResolvedCountsAtStart(IDocumentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => BackfillAsync(store, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// One statement, so it cannot undo the projection: a count the daemon wrote meanwhile carries its resolved pairs, and
    /// PostgreSQL checks the condition again on the row the daemon left, skipping it.
    /// </summary>
    public static async Task BackfillAsync(IDocumentStore store, CancellationToken ct)
    {
        var counts = DocumentTable.Of<UnresolvedCount>(store);
        var pairs = DocumentTable.Of<Contradiction>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var update = new NpgsqlCommand($"""
            update {counts} as u
            set data = jsonb_set(u.data, array['resolved'],
                to_jsonb((select count(*) from {pairs} as c where c.subject = u.id and c.active and c.resolved)))
            where u.data ->> 'resolved' is null
            """, connection) { CommandTimeout = 0 };
        await update.ExecuteNonQueryAsync(ct);
    }
}

using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;
using Npgsql;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// What the claim list filters on besides the subject, as keys in one indexed array column (<c>filter_keys</c>, a GIN
/// index): <c>power:CN</c>, <c>dimension:Economic</c>, <c>source:{id}</c>, <c>status:Recorded</c>, spelled as the
/// document's JSON spells the values. A list asks for all its filters at once (<c>filter_keys @> array[…]</c>). This
/// replaced a GIN index over the whole document, which held every path and value of every claim (113 MB of 625 at
/// 200,000 events) and was rewritten, all of it, by each write of a claim: the costliest statement of a bulk load
/// (0.16 ms per claim against 0.03 ms for a document of the same size without it).
/// </summary>
public static class ClaimFilterKeys
{
    public const string Column = "filter_keys";

    /// <summary>
    /// A claim stored before the column existed: Marten adds the column and fills it from the JSON, which has no keys, so it
    /// is empty (or null); a claim's keys always hold its status. Written as PostgreSQL prints it back, so the start-up
    /// migration sees the index it expects and leaves it alone.
    /// </summary>
    public const string Missing = $"COALESCE(cardinality({Column}), 0) = 0";

    public static string Power(string power) => $"power:{power}";

    public static string Dimension(Dimension dimension) => $"dimension:{dimension}";

    public static string Source(string sourceId) => $"source:{sourceId}";

    public static string Status(ClaimStatus status) => $"status:{status}";

    public static string[] Of(ClaimDetails claim) =>
        [.. claim.Powers.Select(Power), .. claim.Dimensions.Select(Dimension), .. claim.SourceIds.Select(Source), Status(claim.Status)];

    /// <summary>The same keys from a stored document's JSON, for the claims written before the column existed.</summary>
    private const string FromJson = """
        array(select 'power:' || p from jsonb_array_elements_text(data -> 'powers') as p)
        || array(select 'dimension:' || d from jsonb_array_elements_text(data -> 'dimensions') as d)
        || array(select 'source:' || s from jsonb_array_elements_text(data -> 'sourceIds') as s)
        || array['status:' || (data ->> 'status')]
        """;

    /// <summary>Fills the keys of claims stored before the column existed; a ledger without such claims costs one index probe.</summary>
    public static async Task BackfillAsync(IDocumentStore store, CancellationToken ct)
    {
        var table = DocumentTable.Of<ClaimDetails>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var update = new NpgsqlCommand(
            $"update {table} set {Column} = ({FromJson})::varchar[] where {Missing}", connection) { CommandTimeout = 0 };
        await update.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Runs <see cref="ClaimFilterKeys.BackfillAsync"/> once the store's schema is in place.</summary>
public sealed class ClaimFilterKeysAtStart(IDocumentStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => ClaimFilterKeys.BackfillAsync(store, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

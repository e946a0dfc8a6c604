using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A table whose rows are counted as they are written, under keys that name what a list's total counts (all the sources; a
/// subscription's deliveries, and those in one status). <paramref name="Keys"/> is the SQL for a row's keys (a
/// <c>varchar[]</c>) given the row's name (<c>new</c>, <c>old</c>, or a table alias); each key starts with
/// <paramref name="Name"/>, alone or before a colon.
/// </summary>
public sealed record KeptCount(string Name, Type DocumentType, Func<string, string> Keys)
{
    /// <summary>Marks the counts as taken for this definition of the keys: another definition counts again.</summary>
    public string Marker => $"#{Name}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Keys("r"))))[..16]}";

    public string[] Triggers => [$"{Name}_counted_rows", $"{Name}_counted_moves", $"{Name}_counted_truncate"];
}

/// <summary>
/// Exact totals for lists that grow with the ledger, read in one lookup instead of counting every row each time a page is read
/// (the sources: one a story; a subscription's deliveries: one an event it relays). Triggers on the counted table add a move
/// (key, +1 or −1) for each row added, removed or moved between keys, so writers never wait for one another as they would
/// on a counter row; every few seconds the moves are folded into the counts in one transaction, so any snapshot sees each
/// move once, either as a move or in a count. A total is its key's count plus the moves not yet folded. Triggers rather than
/// the projections' code, as for the claim list's change log: they see every way a row changes (a projection, a replay, a
/// reset). A total is null while the counts cannot be trusted (the table was made again without its triggers, or has not been
/// counted for these keys yet): the list counts its rows then, and <see cref="EnsureAsync"/> counts them again at the next
/// start.
/// </summary>
public static class KeptCounts
{
    public const string Counts = "kept_counts";
    public const string Moves = "kept_count_moves";

    public static readonly KeptCount Sources = new("sources", typeof(Sources.SourceDetails), _ => "array['sources']::varchar[]");

    public static readonly KeptCount Deliveries = new("deliveries", typeof(Subscriptions.WebhookDelivery), r =>
        $"array['deliveries:' || {r}.subscription_id, 'deliveries:' || {r}.subscription_id || ':' || lower({r}.data ->> 'status')]::varchar[]");

    public static readonly KeptCount[] All = [Sources, Deliveries];

    /// <summary>The key of a subscription's deliveries, or of those in one status.</summary>
    public static string DeliveriesOf(string subscriptionId, Subscriptions.DeliveryStatus? status = null) =>
        status is { } s ? $"deliveries:{subscriptionId}:{s.ToString().ToLowerInvariant()}" : $"deliveries:{subscriptionId}";

    /// <summary>
    /// Creates the counts, the moves and each counted table's function and triggers (replacing older ones), and counts a
    /// table's rows again where its counts are not for its current keys or its triggers were missing (idempotent). Each table
    /// is locked against writes until its triggers and counts are in place together.
    /// </summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, transaction, $"""
            select pg_advisory_xact_lock(hashtext('{schema}.{Counts}'));
            create table if not exists {schema}.{Counts} (key varchar primary key, n bigint not null);
            create table if not exists {schema}.{Moves} (key varchar not null, n bigint not null);
            create index if not exists {Moves}_key on {schema}.{Moves} (key);
            """, ct);
        foreach (var counted in All)
        {
            var table = DocumentTable.Of(store, counted.DocumentType);
            bool established;
            await using (var check = new NpgsqlCommand($"select {Established(store, counted)}", connection, transaction))
                established = (bool)(await check.ExecuteScalarAsync(ct))!;
            var function = $"{schema}.kept_count_{counted.Name}";
            var named = $"key = '{counted.Name}' or key like '{counted.Name}:%'";
            await ExecuteAsync(connection, transaction, $$"""
                lock table {{table}} in share row exclusive mode;
                create or replace function {{function}}() returns trigger language plpgsql as $fn$
                begin
                    if tg_op = 'TRUNCATE' then
                        delete from {{schema}}.{{Moves}} where {{named}};
                        delete from {{schema}}.{{Counts}} where {{named}};
                        return null;
                    end if;
                    if tg_op in ('UPDATE', 'DELETE') then
                        insert into {{schema}}.{{Moves}} select k, -1 from unnest({{counted.Keys("old")}}) as k;
                    end if;
                    if tg_op in ('INSERT', 'UPDATE') then
                        insert into {{schema}}.{{Moves}} select k, 1 from unnest({{counted.Keys("new")}}) as k;
                    end if;
                    return null;
                end
                $fn$;
                create or replace trigger {{counted.Triggers[0]}} after insert or delete on {{table}} for each row execute function {{function}}();
                create or replace trigger {{counted.Triggers[1]}} after update on {{table}} for each row
                    when ({{counted.Keys("old")}} is distinct from {{counted.Keys("new")}}) execute function {{function}}();
                create or replace trigger {{counted.Triggers[2]}} after truncate on {{table}} for each statement execute function {{function}}();
                """, ct);
            // Counted again only when the counts were not taken for these keys, or writes went by without the triggers.
            if (established) continue;
            await ExecuteAsync(connection, transaction, $$"""
                delete from {{schema}}.{{Moves}} where {{named}};
                delete from {{schema}}.{{Counts}} where {{named}} or key like '#{{counted.Name}}:%';
                insert into {{schema}}.{{Counts}} select k, count(*) from {{table}} as r, unnest({{counted.Keys("r")}}) as k group by k;
                insert into {{schema}}.{{Counts}} values ('{{counted.Marker}}', 0);
                """, ct);
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// The rows counted under <paramref name="key"/> as of the session's snapshot, or null while the counts cannot be trusted (or
    /// do not exist: a reset ledger's schema was dropped).
    /// </summary>
    public static async Task<long?> TotalAsync(IQuerySession session, KeptCount counted, string key, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.DatabaseSchemaName;
        try
        {
            var rows = await PreparedRead.RowsAsync(session, $"""
                select case when {Established(session.DocumentStore, counted)}
                    then coalesce((select n from {schema}.{Counts} where key = $1), 0) + coalesce((select sum(n) from {schema}.{Moves} where key = $1), 0) end
                """, reader => reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), ct, key);
            return rows[0];
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null;
        }
    }

    /// <summary>
    /// Folds the moves into the counts: one statement, so the moves it deletes and the counts it adds commit together. Moves
    /// written meanwhile stay for the next fold.
    /// </summary>
    public static async Task FoldAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var fold = new NpgsqlCommand($"""
            with moved as (delete from {schema}.{Moves} returning key, n)
            insert into {schema}.{Counts} as c (key, n) select key, sum(n) from moved group by key
            on conflict (key) do update set n = c.n + excluded.n
            """, connection);
        await fold.ExecuteNonQueryAsync(ct);
    }

    /// <summary>True while the table's triggers are all in place and its counts were taken for its current keys.</summary>
    private static string Established(IDocumentStore store, KeptCount counted) =>
        $"(exists (select 1 from {store.Options.DatabaseSchemaName}.{Counts} where key = '{counted.Marker}') " +
        $"and (select count(*) from pg_trigger t where t.tgrelid = to_regclass('{DocumentTable.Of(store, counted.DocumentType)}') " +
        $"and t.tgname in ('{string.Join("', '", counted.Triggers)}')) = {counted.Triggers.Length})";

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>Puts the kept counts in place once the store's schema is, then folds their moves every 5 s (until a fold succeeds
/// again, totals read more moves, never wrong ones).</summary>
public sealed class KeptCountsAtStart(IDocumentStore store, TimeProvider time, ILogger<KeptCountsAtStart> logger)
    : StoreUpkeep(TimeSpan.FromSeconds(5), time, logger)
{
    protected override Task PrepareAsync(CancellationToken ct) => KeptCounts.EnsureAsync(store, ct);

    protected override Task UpkeepAsync(CancellationToken ct) => KeptCounts.FoldAsync(store, ct);
}

using ClaimsLedger.Api.Postgres;
using Npgsql;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// Which transactions changed a subject's claim list: triggers on the claim table log each transaction (its <c>xid8</c>)
/// that added a claim to a subject, took one away (a recoding, a delete) or moved one in the list (its record time), and
/// <c>*</c> for one that emptied the table (a reset); and, under <see cref="KeysOf"/> the subject, each that changed a claim's
/// filter keys without moving it (a review's status, a recoding's powers). A reader that holds a subject's list as of a snapshot asks the log
/// whether any transaction not visible in that snapshot touched the subject (<see cref="SubjectClaimList"/>): one index probe
/// instead of counting and skipping the subject's claims again. Triggers rather than the projection's code: they see every
/// way a row changes (the inline projection, a replay, a backfill, a reset), and inserting one row per transaction and
/// subject takes no lock another writer waits for, as a counter row would.
/// <para>
/// The log is pruned each minute below the oldest transaction still running a minute before (<see cref="PruneAsync"/>);
/// a list held from a snapshot older than what was pruned counts as changed.
/// </para>
/// </summary>
public static class ClaimListChanges
{
    public const string Log = "claim_list_changes";
    public const string Pruned = "claim_list_pruned";
    public const string Function = "claim_list_changed";

    /// <summary>
    /// The four triggers, by name: rows added or deleted; rows whose subject or record time changed; the table emptied; rows
    /// whose filter keys changed.
    /// </summary>
    public static readonly string[] Triggers = ["claim_list_rows", "claim_list_moves", "claim_list_truncate", "claim_list_keys"];

    /// <summary>
    /// What the log names a subject under when only its claims' filter keys changed: a filtered list of the subject is stale,
    /// its whole list is not (reviews change statuses all the time and leave the list as it was).
    /// </summary>
    public static string KeysOf(string subject) => "keys:" + subject;

    public static string Schema(IDocumentStore store) => store.Options.DatabaseSchemaName;

    /// <summary>A condition true while all three triggers are on <paramref name="claims"/> (a table made again has none).</summary>
    public static string TriggersInPlace(string claims) =>
        $"(select count(*) from pg_trigger t where t.tgrelid = to_regclass('{claims}') and t.tgname in ('{string.Join("', '", Triggers)}')) = {Triggers.Length}";

    /// <summary>Creates the log, its prune mark, the function and the triggers where they are missing or differ (idempotent).</summary>
    public static async Task EnsureAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = Schema(store);
        var claims = DocumentTable.Of<ClaimDetails>(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var ddl = new NpgsqlCommand($$"""
            select pg_advisory_xact_lock(hashtext('{{schema}}.{{Log}}'));
            create table if not exists {{schema}}.{{Log}} (subject varchar not null, xid xid8 not null, primary key (subject, xid));
            -- The list across subjects asks for any transaction since its snapshot, whatever the subject.
            create index if not exists {{Log}}_xid on {{schema}}.{{Log}} (xid);
            create table if not exists {{schema}}.{{Pruned}} (id int primary key check (id = 1), pruned_below xid8 not null, xmin_seen xid8 not null);
            insert into {{schema}}.{{Pruned}} values (1, '0', pg_snapshot_xmin(pg_current_snapshot())) on conflict do nothing;
            create or replace function {{schema}}.{{Function}}() returns trigger language plpgsql as $fn$
            begin
                if tg_nargs > 0 then
                    insert into {{schema}}.{{Log}} values ('{{KeysOf("")}}' || coalesce(new.subject, ''), pg_current_xact_id()) on conflict do nothing;
                    return null;
                end if;
                if tg_op = 'TRUNCATE' then
                    insert into {{schema}}.{{Log}} values ('*', pg_current_xact_id()) on conflict do nothing;
                    return null;
                end if;
                if tg_op in ('UPDATE', 'DELETE') then
                    insert into {{schema}}.{{Log}} values (coalesce(old.subject, ''), pg_current_xact_id()) on conflict do nothing;
                end if;
                if tg_op in ('INSERT', 'UPDATE') then
                    insert into {{schema}}.{{Log}} values (coalesce(new.subject, ''), pg_current_xact_id()) on conflict do nothing;
                end if;
                return null;
            end
            $fn$;
            create or replace trigger {{Triggers[0]}} after insert or delete on {{claims}} for each row execute function {{schema}}.{{Function}}();
            create or replace trigger {{Triggers[1]}} after update of subject, recorded_at on {{claims}} for each row
                when (old.subject is distinct from new.subject or old.recorded_at is distinct from new.recorded_at)
                execute function {{schema}}.{{Function}}();
            create or replace trigger {{Triggers[2]}} after truncate on {{claims}} for each statement execute function {{schema}}.{{Function}}();
            create or replace trigger {{Triggers[3]}} after update of {{ClaimFilterKeys.Column}} on {{claims}} for each row
                when (old.{{ClaimFilterKeys.Column}} is distinct from new.{{ClaimFilterKeys.Column}} and old.subject is not distinct from new.subject)
                execute function {{schema}}.{{Function}}('keys');
            """, connection, transaction);
        await ddl.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Deletes the entries of transactions older than the oldest one running at the previous prune, and remembers the oldest
    /// running now for the next: a list held from a snapshot whose oldest running transaction is at least the mark needs no
    /// entry below it (every such transaction had ended, visible in that snapshot or rolled back).
    /// </summary>
    public static async Task PruneAsync(IDocumentStore store, CancellationToken ct)
    {
        var schema = Schema(store);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var prune = new NpgsqlCommand($"""
            delete from {schema}.{Log} where xid < (select xmin_seen from {schema}.{Pruned} where id = 1 for update);
            update {schema}.{Pruned} set pruned_below = xmin_seen, xmin_seen = pg_snapshot_xmin(pg_current_snapshot()) where id = 1;
            """, connection, transaction);
        await prune.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

/// <summary>Creates the log and its triggers once the store's schema is in place, then prunes the log each minute (until a
/// prune succeeds again the log only grows, and lists held stay valid).</summary>
public sealed class ClaimListChangesAtStart(IDocumentStore store, TimeProvider time, ILogger<ClaimListChangesAtStart> logger)
    : StoreUpkeep(TimeSpan.FromMinutes(1), time, logger)
{
    protected override Task PrepareAsync(CancellationToken ct) => ClaimListChanges.EnsureAsync(store, ct);

    protected override Task UpkeepAsync(CancellationToken ct) => ClaimListChanges.PruneAsync(store, ct);
}

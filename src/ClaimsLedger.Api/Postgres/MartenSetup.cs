using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Audit;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Contradictions;
using ClaimsLedger.Api.Observability;
using ClaimsLedger.Api.Provenance;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Subscriptions;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Weasel.Core;

namespace ClaimsLedger.Api.Postgres;

public static class MartenSetup
{
    public const string Schema = "claimsledger";

    /// <summary>How long a starting node waits for another node's start-up migration before it gives up.</summary>
    public static readonly TimeSpan StartupMigrationWait = TimeSpan.FromMinutes(2);

    public static IServiceCollection AddLedgerStore(this IServiceCollection services)
    {
        services.AddSingleton<ReadConnections>();
        services.AddMarten(sp =>
            {
                var opts = new StoreOptions();
                Configure(opts, sp);
                return opts;
            })
            .ApplyAllDatabaseChangesOnStartup()
            .UseLightweightSessions()
            // HotCold: any number of nodes may share the database; each async projection runs on exactly one of them
            // (held by a PostgreSQL advisory lock), and when that node dies another takes it over.
            .AddAsyncDaemon(DaemonMode.HotCold)
            // Lets Wolverine's generated endpoints create Marten sessions directly (no service location) and
            // keeps its outbox in the same database and transaction as the events.
            .IntegrateWithWolverine();
        return services;
    }

    /// <summary>
    /// The ledger's store: its events, documents and projections. Also the base of <see cref="RebuildStore"/>, so a
    /// rebuild reads the events and writes its documents exactly as the live store does.
    /// </summary>
    public static void Configure(StoreOptions opts, IServiceProvider sp)
    {
        // Every pooled connection keeps PostgreSQL's cached plans across leases (KeptPlans).
        opts.ConfigureNpgsqlDataSourceBuilder(KeptPlans.Configure);
        // The prepared reads lease from a pool of their own, never reset (ReadConnections).
        sp.GetService<ReadConnections>()?.Serve(opts);
        // Resolved here, not at registration: the embedded server starts when the store is first needed.
        opts.Connection(sp.GetRequiredService<LedgerDatabase>().ConnectionString);
        opts.DatabaseSchemaName = Schema;
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        // Nodes started together (a rollout) take turns at the start-up migration under one advisory lock. Marten gives a
        // node 10 s to get it, then fails its start; with three nodes starting at once on two cores, the last in line waited
        // longer than that and crashed. A node waits for the one migrating instead: it never starts
        // against a schema still being changed (that would be ContinueOnFailures), and a migrating node that dies lets the
        // lock go with its connection, so the wait ends either way.
        opts.ApplyChangesLockTimeout = StartupMigrationWait;
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, json =>
        {
            ColumnOnlyAttribute.LeaveOutOfJson(json);
            StoredWhenSetAttribute.LeaveOutWhenUnset(json);
            StoredAsArraysAttribute.StoreMarkedListsAsArrays(json);
            json.Converters.Add(new PublicationStepStorage());
            json.Converters.Add(new ScoreChangeStorage());
            json.Converters.Add(new ContradictionConflictStorage());
            json.Converters.Add(new ContradictionStorage());
        });
        // Marten's lean document rows: no CLR type name (mt_dotnet_type, ~50 bytes a row: no document type has subclasses), no
        // last-modified stamp (mt_last_modified) and no Guid version (mt_version: no document is written with optimistic
        // concurrency; streams carry the versions commands check). ~75 bytes in each of 2.7 million rows at 200,000 events,
        // read by nothing. Projected aggregates keep their numeric revision. The start-up migration drops the columns from
        // existing tables.
        opts.Policies.DisableInformationalFields();
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true; // EnableAll() leaves it off in Marten 9.58
        // Appends NOTIFY the daemon, so the alignment follows a write in milliseconds rather than a polling interval.
        opts.Events.UseListenNotifyForEventAppends = true;
        // An append checks its stream's version under the stream row's lock (select … for update in Marten's append
        // function), before it takes a sequence number. Without it, an append that lost a race to the same stream had
        // already taken its number (a gap the async daemon waits on before it moves past, holding every projection back),
        // and an append waiting for a stream locked by a command that reads it (a supersession's newer claim) could take an
        // earlier number than that command's own events: the log then showed a claim superseded by one retracted before it.
        opts.Events.UseExclusiveLockOnConcurrentAppends = true;
        // Record time comes from the injected clock (QuickWithServerTimestamps takes timestamps from
        // this TimeProvider despite its name), so tests control it, to the microsecond PostgreSQL stores, so replays read
        // back exactly what the inline projections saw.
        opts.Events.TimeProvider = new Time.StoredPrecisionClock(sp.GetRequiredService<TimeProvider>());
        opts.Logger(new LedgerMartenLogger(sp.GetRequiredService<ILogger<LedgerMartenLogger>>()));
        // A session holds one pooled connection from its first statement to its end, rather than one lease per statement:
        // a command's load, its evidence source and its commit (and a projection batch's loads and save) share one, so
        // each pays one lease and one reset (KeptPlans) instead of three or four. Sessions are short: none
        // waits on anything but the database while it holds one (a webhook delivery lets go before it calls out).
        opts.UseStickyConnectionLifetimes = true;
        // Writes answer their position from their own commit (Http/CommittedPositions).
        opts.Listeners.Add(new Http.CommittedPositions());
        // Writes wait while the alignment trails them too far (Commands/WriteBackpressure): it notes each commit.
        opts.Listeners.Add(sp.GetRequiredService<Commands.WriteBackpressure>());
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.RebuildErrors.SkipApplyErrors = false;
        opts.AddSources();
        opts.AddClaims();
        opts.AddProvenance();
        opts.AddAlignment();
        opts.AddAudit(sp);
        opts.AddContradictions();
        opts.AddSubscriptions();
        // Every projection, inline ones included (the daemon replays them on a rebuild), loads at most a page or two ahead.
        foreach (var projection in opts.Projections.All) DaemonLoadAhead.Bound(projection.Options);
    }
}

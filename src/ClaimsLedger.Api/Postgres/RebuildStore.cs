namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A second store, for blue/green rebuilds only: the ledger's configuration, reading the same events (schema
/// <see cref="MartenSetup.Schema"/>) but keeping its documents in <see cref="Schema"/>, so a projection can be replayed
/// into fresh tables beside the live ones while those keep serving reads. It runs no daemon and appends nothing.
/// Built from <see cref="MartenSetup.Configure"/>, so its event mapping matches the live store's exactly: its lazy schema
/// check of the shared event tables then finds nothing to change, and its documents serialize as the live store's do,
/// which is what lets their tables be moved into the live schema as they are.
/// </summary>
public static class RebuildStore
{
    public const string Schema = "claimsledger_rebuild";

    public static DocumentStore Create(IServiceProvider sp)
    {
        var opts = new StoreOptions();
        MartenSetup.Configure(opts, sp);
        opts.DatabaseSchemaName = Schema;
        opts.Events.DatabaseSchemaName = MartenSetup.Schema;
        return new DocumentStore(opts);
    }
}

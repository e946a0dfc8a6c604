namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A second store, for blue/green rebuilds only: the ledger's configuration, reading the same events (schema
/// <see cref="MartenSetup.Schema"/>) but keeping its documents in a schema of the projection's own (<see cref="SchemaFor"/>:
/// two async projections are rebuilt at once, each into its own tables), so a projection can be replayed
/// into fresh tables beside the live ones while those keep serving reads. It runs no daemon and appends nothing.
/// Built from <see cref="MartenSetup.Configure"/>, so its event mapping matches the live store's exactly: its lazy schema
/// check of the shared event tables then finds nothing to change, and its documents serialize as the live store's do,
/// which is what lets their tables be moved into the live schema as they are.
/// </summary>
public static class RebuildStore
{
    /// <summary>What every rebuild schema's name starts with (until the eighteenth round, the one schema of every rebuild).</summary>
    public const string Schema = "claimsledger_rebuild";

    /// <summary>
    /// The rebuild schemas among <c>pg_namespace</c>'s rows, <see cref="Schema"/> passed as <c>$1</c>: those of the rebuilds
    /// running now, and those a rebuild cut off by a crash left.
    /// </summary>
    public const string SchemasSql = "select nspname from pg_namespace where nspname = $1 or starts_with(nspname, $1 || '_')";

    /// <summary>The schema <paramref name="projection"/> is replayed into.</summary>
    public static string SchemaFor(string projection) => $"{Schema}_{projection.ToLowerInvariant()}";

    public static DocumentStore Create(IServiceProvider sp, string projection)
    {
        var opts = new StoreOptions();
        MartenSetup.Configure(opts, sp);
        opts.DatabaseSchemaName = SchemaFor(projection);
        opts.Events.DatabaseSchemaName = MartenSetup.Schema;
        return new DocumentStore(opts);
    }
}

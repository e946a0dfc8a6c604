namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>Where and how an <see cref="EmbeddedPostgresServer"/> runs.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>
    /// Folder that holds the cluster (in its <c>pgdata</c> subfolder) and the bookkeeping of the processes sharing its
    /// server. When the process is root and the <c>postgres</c> user cannot reach this folder, all of it is relocated
    /// under the temp folder; see <see cref="EmbeddedPostgresServer.DataDirectory"/>.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>. When set it must hold them: a wrong setting
    /// fails instead of silently using another PostgreSQL version.
    /// </summary>
    public string? BinDirectory { get; init; }

    public string Database { get; init; } = "claimsledger";

    /// <summary>
    /// How long a server found running on the data folder gets to answer before it counts as hung and is replaced.
    /// Long enough for crash recovery of a small cluster; the tests shorten it.
    /// </summary>
    internal TimeSpan AttachTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

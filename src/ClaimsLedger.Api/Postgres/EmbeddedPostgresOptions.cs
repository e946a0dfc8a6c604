namespace ClaimsLedger.Api.Postgres;

/// <summary>Where and how the embedded default PostgreSQL runs when no <c>ConnectionStrings:Marten</c> is configured.</summary>
public sealed record EmbeddedPostgresOptions
{
    /// <summary>
    /// Folder that holds the cluster (in its <c>pgdata</c> subfolder). When the process is root and the <c>postgres</c>
    /// user cannot reach this folder, the cluster is relocated under the temp folder; see <see cref="EmbeddedPostgres.DataDirectory"/>.
    /// </summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c> (config <c>ClaimsLedger:PostgresBinDirectory</c>).
    /// When set it must hold them: a wrong setting fails instead of silently using another PostgreSQL version.
    /// </summary>
    public string? BinDirectory { get; init; }

    public string Database { get; init; } = "claimsledger";
}

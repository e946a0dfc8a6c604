using Npgsql;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>Connection strings for the embedded server: 127.0.0.1, the cluster's superuser, no password (trust on loopback only).</summary>
internal static class LoopbackConnection
{
    public static string For(int port, string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Database = database, Username = EmbeddedPostgresServer.Superuser }
            .ConnectionString;

    /// <summary>
    /// Unpooled, for the launcher's own few connections: a pool would keep connections to a server that is about to be
    /// stopped. The short timeout bounds each attempt against a server that accepts TCP but never answers.
    /// </summary>
    public static string Admin(int port) =>
        new NpgsqlConnectionStringBuilder(For(port, "postgres")) { Pooling = false, Timeout = 3 }.ConnectionString;
}

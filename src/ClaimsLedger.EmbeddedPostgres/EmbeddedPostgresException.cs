namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// A PostgreSQL tool (initdb, pg_ctl, …) failed or the server never became reachable. The message carries the command,
/// its exit code and the tail of its output or server log, because that tail is nearly always what explains the failure.
/// </summary>
public sealed class EmbeddedPostgresException : Exception
{
    public EmbeddedPostgresException(string message, Exception? inner = null) : base(message, inner) { }
}

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Passes everything on, but goes quiet instead of throwing once the application's logging is disposed: the last stop
/// may run from ProcessExit, after the host disposed its logging providers, and must still stop the server.
/// </summary>
internal sealed class ExitSafeLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull
    {
        try { return inner.BeginScope(state); }
        catch (ObjectDisposedException) { return null; }
    }

    public bool IsEnabled(LogLevel logLevel)
    {
        try { return inner.IsEnabled(logLevel); }
        catch (ObjectDisposedException) { return false; }
    }

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try { inner.Log(logLevel, eventId, state, exception, formatter); }
        catch (ObjectDisposedException) { }
    }
}

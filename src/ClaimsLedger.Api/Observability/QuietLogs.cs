namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Logs an operator can act on. Wolverine logs every failed command invocation and every unreadable request body at
/// error, with a stack trace, under the message's or body's type name; but a command that lost a race is retried, a
/// refused body is the client's mistake, and a real failure reaches <see cref="InfrastructureExceptions"/> (or the
/// in-process sender), which logs it once at the right level. So those categories only speak when critical.
/// </summary>
public static class QuietLogs
{
    public static ILoggingBuilder QuietWolverineInvocations(this ILoggingBuilder logging)
    {
        var types = typeof(QuietLogs).Assembly.GetTypes()
            .Where(t => t.IsAssignableTo(typeof(ILedgerCommand)) && !t.IsInterface || t.Name.EndsWith("Request", StringComparison.Ordinal));
        foreach (var type in types) logging.AddFilter(type.FullName, LogLevel.Critical);
        return logging;
    }
}

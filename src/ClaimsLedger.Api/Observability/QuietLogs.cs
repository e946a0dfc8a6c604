namespace ClaimsLedger.Api.Observability;

/// <summary>
/// Logs an operator can act on. Wolverine logs every failed command invocation and every unreadable request body at
/// error, with a stack trace, under the message's or body's type name; but a command that lost a race is retried, a
/// refused body is the client's mistake, and a real failure reaches <see cref="InfrastructureExceptions"/> (or the
/// in-process sender), which logs it once at the right level. So those categories only speak when critical.
/// </summary>
public static class QuietLogs
{
    /// <summary>
    /// Framework chatter (Wolverine's and Marten's start-up inventory, the daemon's high-water polling) at warning, as
    /// the lowest-precedence configuration: it holds wherever the process starts (no appsettings.json to find), and any
    /// <c>Logging:LogLevel:*</c> setting from a file, the environment or the command line still overrides it.
    /// </summary>
    public static void QuietFrameworkByDefault(this ConfigurationManager configuration)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
            ["Logging:LogLevel:Wolverine"] = "Warning",
            ["Logging:LogLevel:Marten"] = "Warning",
            ["Logging:LogLevel:Marten.Events.Daemon.HighWater"] = "Error",
            // Shutting the embedded server down ends the daemon's LISTEN connection; that is not a fault.
            ["Logging:LogLevel:Marten.Events.Daemon.Coordination"] = "Error",
            ["Logging:LogLevel:JasperFx"] = "Warning",
            ["Logging:LogLevel:Weasel"] = "Warning",
            ["Logging:LogLevel:Npgsql"] = "Warning",
        };
        ((IConfigurationBuilder)configuration).Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = defaults });
    }

    public static ILoggingBuilder QuietWolverineInvocations(this ILoggingBuilder logging)
    {
        var types = typeof(QuietLogs).Assembly.GetTypes()
            .Where(t => t.IsAssignableTo(typeof(ILedgerCommand)) && !t.IsInterface || t.Name.EndsWith("Request", StringComparison.Ordinal))
            // Every other body an endpoint reads (the rebuild's, the extraction preview's): records of this assembly taken
            // by a Wolverine HTTP method.
            .Concat(typeof(QuietLogs).Assembly.GetTypes().SelectMany(t => t.GetMethods())
                .Where(m => m.GetCustomAttributes(typeof(Wolverine.Http.WolverineHttpMethodAttribute), true).Length > 0)
                .SelectMany(m => m.GetParameters()).Select(p => p.ParameterType)
                .Where(t => t.Assembly == typeof(QuietLogs).Assembly && t.GetMethod("<Clone>$") is not null))
            .Distinct()
            // A receiver's failures are recorded per attempt (GET /api/subscriptions/{id}/deliveries); a dead one is logged once.
            .Append(typeof(Subscriptions.DeliverWebhook));
        foreach (var type in types) logging.AddFilter(type.FullName, LogLevel.Critical);
        return logging;
    }
}

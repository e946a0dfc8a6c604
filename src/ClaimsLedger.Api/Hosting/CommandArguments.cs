namespace ClaimsLedger.Api.Hosting;

/// <summary>
/// The entry point's arguments carry both configuration and the JasperFx command. <c>--Section:Key=value</c> is
/// configuration that WebApplication.CreateBuilder has already read — an operator's override, or a test's
/// <c>UseSetting</c>, which WebApplicationFactory passes that way together with an empty <c>--Section=</c> for each
/// parent section. JasperFx would reject either as an unknown flag of the command and start nothing.
/// </summary>
public static class CommandArguments
{
    public static string[] WithoutSettings(string[] args) => args.Where(a => !IsSetting(a)).ToArray();

    /// <summary>
    /// Whether the command only describes the CLI. Mapping the endpoints validates them against Wolverine's message store
    /// (for Idempotency-Key), which needs the database, and help should start none.
    /// </summary>
    public static bool AsksForHelp(string[] args) => WithoutSettings(args).FirstOrDefault() is "help" or "?" or "--help" or "-h";

    // Command flags never hold a ':' in their name (--as-of=2024-07-01T00:00:00Z has it only in the value) and never
    // take an empty value; JasperFx's own --environment=… and the like are left to it.
    private static bool IsSetting(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal)) return false;
        var equals = arg.IndexOf('=');
        if (equals <= 2) return false;
        return arg.AsSpan(2, equals - 2).Contains(':') || equals == arg.Length - 1;
    }
}

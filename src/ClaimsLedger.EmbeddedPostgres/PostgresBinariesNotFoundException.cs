namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// No PostgreSQL server binaries to start the embedded default with. The message is one paragraph meant for the person
/// starting the service: how to get binaries, how to use an existing server instead, and where the search looked.
/// </summary>
public sealed class PostgresBinariesNotFoundException : Exception
{
    public PostgresBinariesNotFoundException(string? configuredBinDirectory)
        : base(Describe(configuredBinDirectory))
    {
        ConfiguredBinDirectory = configuredBinDirectory;
    }

    public string? ConfiguredBinDirectory { get; }

    private static string Describe(string? configured)
    {
        var looked = string.IsNullOrWhiteSpace(configured)
            ? $"It looked in every folder on PATH and in {string.Join(", ", PostgresBinaries.WellKnownPatterns)}."
            : $"It looked only in the configured folder ClaimsLedger:PostgresBinDirectory = \"{configured}\" (and its bin subfolder), " +
              "which does not hold them; fix or remove that setting to search PATH and the usual install folders.";
        return "ClaimsLedger could not find the PostgreSQL server binaries (initdb, pg_ctl and postgres in one folder) that it " +
               "needs to run its own embedded database. Install the PostgreSQL server package (for example " +
               "`apt-get install postgresql` on Debian/Ubuntu, `dnf install postgresql-server` on Fedora/RHEL, or " +
               "`brew install postgresql@16` on macOS), or point ClaimsLedger:PostgresBinDirectory " +
               "(environment variable ClaimsLedger__PostgresBinDirectory) at the folder that holds them, or use an existing " +
               "PostgreSQL server by setting ConnectionStrings__Marten (for example " +
               "\"Host=localhost;Port=5432;Database=claimsledger;Username=postgres;Password=…\"). " + looked;
    }
}

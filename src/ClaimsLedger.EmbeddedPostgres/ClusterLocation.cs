using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Decides the folder that holds the cluster. Normally the configured data folder; but when the tools run as the
/// <c>postgres</c> user (the process is root) and that user cannot reach the configured folder — anything under the
/// mode-700 /root — the cluster moves to a folder under the temp folder named after a hash of the configured path, so
/// the next start with the same configuration finds the same data.
/// </summary>
internal static class ClusterLocation
{
    public static async Task<string> ResolveAsync(string configured, ServerAccount account, ILogger logger, CancellationToken ct)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(configured));
        Directory.CreateDirectory(full);
        if (await account.CanReachAsync(full, ct)) return full;

        var name = "claimsledger-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        foreach (var temp in new[] { Path.GetTempPath(), "/tmp" }.Distinct())
        {
            var relocated = Path.Combine(temp, name);
            Directory.CreateDirectory(relocated);
            // World-searchable so the postgres user can enter; the cluster folder inside is 0700 and owned by postgres.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(relocated, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                                UnixFileMode.GroupRead | UnixFileMode.GroupExecute |
                                                UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (!await account.CanReachAsync(relocated, ct)) continue;

            logger.LogInformation(
                "Running as root: PostgreSQL runs as the '{User}' user, which cannot reach {Configured}, so the embedded " +
                "cluster lives in {Relocated} instead (same place on every start with this data folder; note the temp " +
                "folder may be cleared on reboot — set ClaimsLedger:DataDirectory to a folder '{User}' can reach to keep it elsewhere)",
                ServerAccount.SystemUser, full, relocated, ServerAccount.SystemUser);
            return relocated;
        }
        throw new EmbeddedPostgresException(
            $"This process runs as root, so PostgreSQL runs as the '{ServerAccount.SystemUser}' user, but that user can reach " +
            $"neither {full} nor a folder under the temp folder. Set ClaimsLedger:DataDirectory to a folder it can reach, " +
            "or set ConnectionStrings__Marten to use an existing server.");
    }
}

namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>
/// Who runs initdb, pg_ctl and postgres. They refuse to run as root, so a root process (CI, containers) runs them as the
/// unprivileged <c>postgres</c> system user through runuser (or su when runuser is missing) and hands that user the
/// cluster's folders. Any other user runs them directly.
/// </summary>
internal sealed class ServerAccount
{
    public const string SystemUser = "postgres";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    private readonly string? _runuser;   // null: run directly (not root), or use su
    private readonly bool _viaSu;

    private ServerAccount(string? runuser, bool viaSu)
    {
        _runuser = runuser;
        _viaSu = viaSu;
    }

    /// <summary>True when the tools run as the <c>postgres</c> user on behalf of root.</summary>
    public bool IsDelegated => _runuser is not null || _viaSu;

    public static async Task<ServerAccount> DetectAsync(CancellationToken ct)
    {
        if (OperatingSystem.IsWindows() || !Environment.IsPrivilegedProcess) return new ServerAccount(null, false);

        var id = await ProcessRunner.RunAsync("id", ["-u", SystemUser], ToolTimeout, ct);
        if (!id.Succeeded)
            throw new EmbeddedPostgresException(
                $"This process runs as root, which PostgreSQL refuses, and there is no '{SystemUser}' system user to run it as " +
                "instead (`id -u postgres` failed). Create that user (installing the PostgreSQL server package does), run as a " +
                "non-root user, or set ConnectionStrings__Marten to use an existing server.");

        var runuser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" }.FirstOrDefault(File.Exists);
        return runuser is not null ? new ServerAccount(runuser, false) : new ServerAccount(null, viaSu: true);
    }

    /// <summary>
    /// Runs a PostgreSQL tool as the account, from "/" so a cwd the account cannot enter (say /root) never matters, with
    /// <paramref name="environment"/> added to this process's own (runuser -u and su without a login shell pass it on).
    /// </summary>
    public Task<ProcessResult> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var limit = timeout ?? ToolTimeout;
        if (_runuser is not null)
            return ProcessRunner.RunAsync(_runuser, ["-u", SystemUser, "--", tool, .. arguments], limit, ct, "/", environment);
        if (_viaSu)
            return ProcessRunner.RunAsync("su", [SystemUser, "-s", "/bin/sh", "-c", "exec " + ShellQuote([tool, .. arguments])], limit, ct, "/", environment);
        return ProcessRunner.RunAsync(tool, arguments, limit, ct, environment: environment);
    }

    /// <summary>
    /// Whether the account can enter <paramref name="directory"/> (an existing folder). Asked of the kernel as that user,
    /// so every parent's execute bit, ownership and ACLs count — a mode-700 /root anywhere up the path says no.
    /// </summary>
    public async Task<bool> CanReachAsync(string directory, CancellationToken ct)
    {
        if (!IsDelegated) return true;
        var test = await RunAsync("test", ["-x", directory], ct);
        return test.Succeeded;
    }

    /// <summary>Makes the account own <paramref name="directory"/> and everything in it (root created it, or a previous run did).</summary>
    public async Task GiveOwnershipAsync(string directory, CancellationToken ct)
    {
        if (!IsDelegated) return;
        var chown = await ProcessRunner.RunAsync("chown", ["-R", SystemUser + ":", directory], ToolTimeout, ct);
        if (!chown.Succeeded) throw chown.ToException($"Could not hand {directory} to the '{SystemUser}' user");
    }

    private static string ShellQuote(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''") + "'"));
}

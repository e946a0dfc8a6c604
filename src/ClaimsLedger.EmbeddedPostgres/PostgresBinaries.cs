namespace ClaimsLedger.EmbeddedPostgres;

/// <summary>Finds a folder holding the PostgreSQL server binaries (initdb, pg_ctl and postgres together).</summary>
public static class PostgresBinaries
{
    internal static readonly string[] Tools = ["initdb", "pg_ctl", "postgres"];

    /// <summary>Well-known install roots searched after PATH; the patterns also go into the "not found" message.</summary>
    internal static readonly string[] WellKnownPatterns =
    [
        "/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin",
        "/opt/homebrew/opt/postgresql*/bin", "/usr/local/opt/postgresql*/bin",
    ];

    /// <summary>
    /// The configured folder when set (or its <c>bin</c> subfolder) — and nothing else: a configured folder without the
    /// binaries gives null rather than quietly picking another PostgreSQL version than the one asked for, since a cluster
    /// made by one major version cannot be opened by another. Unconfigured: the first PATH folder holding all three
    /// tools, then well-known install folders, newest version first.
    /// </summary>
    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var dir = Path.GetFullPath(configured.Trim());
            return new[] { dir, Path.Combine(dir, "bin") }.FirstOrDefault(HasTools);
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Path.IsPathRooted)
            .FirstOrDefault(HasTools);
        if (onPath is not null) return RealDirectory(onPath);

        return WellKnownPatterns.SelectMany(Expand).OrderByDescending(VersionOf).FirstOrDefault(HasTools);
    }

    internal static string ToolPath(string binDirectory, string tool) =>
        Path.Combine(binDirectory, OperatingSystem.IsWindows() ? tool + ".exe" : tool);

    private static bool HasTools(string directory) => Tools.All(t => IsExecutable(ToolPath(directory, t)));

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }

    // PATH often holds symlinks (/usr/local/bin/initdb → /usr/lib/postgresql/15/bin/initdb); the real folder says
    // which version runs, which is what the start-up log should show.
    private static string RealDirectory(string directory)
    {
        var target = new FileInfo(ToolPath(directory, "initdb")).ResolveLinkTarget(returnFinalTarget: true);
        var real = target is null ? null : Path.GetDirectoryName(target.FullName);
        return real is not null && HasTools(real) ? real : directory;
    }

    // "/usr/lib/postgresql/*/bin" → each existing "/usr/lib/postgresql/<name>/bin"; only the single '*' segment is expanded.
    private static IEnumerable<string> Expand(string pattern)
    {
        var star = pattern.IndexOf('*');
        if (star < 0) return Directory.Exists(pattern) ? [pattern] : [];
        var parent = Path.GetDirectoryName(pattern[..star])!;
        var segmentEnd = pattern.IndexOf('/', star);
        var segment = pattern[(parent.Length + 1)..(segmentEnd < 0 ? pattern.Length : segmentEnd)];
        var rest = segmentEnd < 0 ? "" : pattern[(segmentEnd + 1)..];
        if (!Directory.Exists(parent)) return [];
        return Directory.EnumerateDirectories(parent, segment).Select(d => rest.Length == 0 ? d : Path.Combine(d, rest));
    }

    // Numeric, not alphabetical: 9.6 < 10 < 15 < 16, and "postgresql@16" counts as 16. Unversioned folders rank last.
    private static Version VersionOf(string binDirectory)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(binDirectory)) ?? "";
        var digits = new string(name.SkipWhile(c => !char.IsDigit(c)).TakeWhile(c => char.IsDigit(c) || c == '.').ToArray()).Trim('.');
        if (digits.Length == 0) return new Version(0, 0);
        return Version.TryParse(digits.Contains('.') ? digits : digits + ".0", out var v) ? v : new Version(0, 0);
    }
}

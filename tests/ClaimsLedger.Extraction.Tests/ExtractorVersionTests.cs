using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.Extraction.Tests;

/// <summary>
/// The extractor's version pins what extracted a claim: the hand-set rules version plus the first 12 hex digits of a
/// SHA-256 stamped at build time over the extraction sources and vocabulary (src/ClaimsLedger.Extraction/RulesHash.targets).
/// </summary>
public class ExtractorVersionTests
{
    private static string Version => ClaimExtractor.Default.Info.Version;

    private static string StampedHash() =>
        typeof(ClaimExtractor).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExtractorRulesHash").Value!;

    [Fact]
    public void The_version_is_the_rules_version_and_a_12_digit_content_hash()
    {
        ClaimExtractor.Default.Info.Name.ShouldBe("rules");
        Version.ShouldMatch(@"^\d+\.\d+\.\d+\+[0-9a-f]{12}$");
    }

    [Fact]
    public void The_version_is_stable_across_reads()
    {
        Version.ShouldBe(ClaimExtractor.Default.Info.Version);
        StampedHash().ShouldBe(StampedHash());
    }

    [Fact]
    public void The_version_carries_the_hash_stamped_at_build_time() =>
        Version.Split('+')[1].ShouldBe(StampedHash()[..12]);

    /// <summary>
    /// An independent reading of RulesHash.targets' recipe over the files on disk: it fails if the build hashed other
    /// files than every extraction source and vocabulary file, or if the binaries under test are older than the sources.
    /// </summary>
    [Fact]
    public void The_stamped_hash_is_that_of_every_extraction_source_and_vocabulary_file()
    {
        var project = Path.Combine(RepoRoot(), "src", "ClaimsLedger.Extraction");
        var files = Directory.EnumerateFiles(project, "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(project, "Data"), "*.json", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(project, f).Replace('\\', '/'))
            .Where(p => !p.StartsWith("bin/", StringComparison.Ordinal) && !p.StartsWith("obj/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        files.ShouldContain("ClaimExtractor.cs");
        files.ShouldContain("Data/cues.json");

        var manifest = string.Concat(files.Select(p => $"{Hex(SHA256.HashData(Normalised(Path.Combine(project, p))))}  {p}\n"));

        Hex(SHA256.HashData(Encoding.UTF8.GetBytes(manifest))).ShouldBe(StampedHash());
    }

    /// <summary>Without a UTF-8 byte-order mark and with CRLF read as LF, so a Windows checkout hashes alike.</summary>
    private static byte[] Normalised(string path)
    {
        var text = File.ReadAllBytes(path).AsSpan();
        if (text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) text = text[3..];
        var kept = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
            if (!(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')) kept.Add(text[i]);
        return [.. kept];
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ClaimsLedger.sln"))) return dir.FullName;
        throw new InvalidOperationException($"ClaimsLedger.sln not found above {AppContext.BaseDirectory}");
    }
}

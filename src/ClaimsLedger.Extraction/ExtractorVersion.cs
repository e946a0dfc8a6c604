using System.Reflection;

namespace ClaimsLedger.Extraction;

/// <summary>
/// The extractor's version, e.g. <c>0.4.0+3f9a1c2b4d5e</c>: the rules version set by hand, then, as SemVer build
/// metadata, the first <see cref="HashLength"/> hex digits of the SHA-256 of the extraction sources and vocabulary that
/// RulesHash.targets stamps at build time.
/// </summary>
internal static class ExtractorVersion
{
    /// <summary>Raised by hand when the rules change in kind; the hash below catches every change, however small.</summary>
    public const string Rules = "0.4.0";

    public const int HashLength = 12;

    private const string HashMetadataKey = "ExtractorRulesHash";

    // Derived, not hand-maintained, so a claim's origin names exactly the rules and vocabulary that extracted it.
    public static string Current { get; } = $"{Rules}+{StampedHash()[..HashLength]}";

    private static string StampedHash() =>
        typeof(ExtractorVersion).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == HashMetadataKey)?.Value
        ?? throw new InvalidOperationException($"{typeof(ExtractorVersion).Assembly.GetName().Name} was built without RulesHash.targets: no {HashMetadataKey} metadata.");
}

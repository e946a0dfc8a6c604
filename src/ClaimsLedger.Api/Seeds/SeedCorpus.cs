using System.Text.Json;
using System.Text.Json.Serialization;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;

namespace ClaimsLedger.Api.Seeds;

/// <summary>The seed files as written in seeds/: manifest.json, the article texts, and claims/*.json.</summary>
public sealed record SeedCorpus(IReadOnlyList<SeedSource> Sources)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
    };

    public static SeedCorpus Read(string directory)
    {
        var manifest = JsonSerializer.Deserialize<SeedManifest>(File.ReadAllText(Path.Combine(directory, "manifest.json")), Json)
                       ?? throw new InvalidDataException("seeds/manifest.json is empty.");
        var sources = manifest.Sources.Select(entry =>
        {
            var text = File.ReadAllText(Path.Combine(directory, entry.File));
            var claimsFile = Path.Combine(directory, "claims", Path.ChangeExtension(entry.File, ".json"));
            var claims = File.Exists(claimsFile)
                ? JsonSerializer.Deserialize<SeedClaims>(File.ReadAllText(claimsFile), new JsonSerializerOptions(JsonSerializerDefaults.Web))?.Claims ?? []
                : [];
            return new SeedSource(entry, text, claims);
        }).ToList();
        return new SeedCorpus(sources);
    }

    /// <summary>Looks for seeds/ beside the binaries (copied at build), then up from the working directory.</summary>
    public static string? Locate(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Directory.Exists(configured) ? Path.GetFullPath(configured) : null;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "seeds");
                if (File.Exists(Path.Combine(candidate, "manifest.json"))) return candidate;
            }
        }
        return null;
    }
}

public sealed record SeedSource(SeedManifestEntry Entry, string Text, IReadOnlyList<SeedClaim> Claims)
{
    public RegisterSourceRequest ToRequest() => new(Entry.Id, Entry.Title, Entry.Carrier, Entry.OriginalPublisher, Entry.Syndicated,
        Entry.Author, Entry.Published, Entry.Approximate, Entry.Url, Entry.Language, Entry.Reliability, Entry.ReliabilityReason, Text);
}

public sealed record SeedManifest(List<SeedManifestEntry> Sources);

public sealed record SeedManifestEntry(
    string File, string Id, string Title, string Carrier, string? OriginalPublisher, bool Syndicated, string? Author,
    string Published, bool Approximate, string? Url, string? Language, string? Reliability,
    [property: JsonPropertyName("reliabilityReason")] string? ReliabilityReason);

public sealed record SeedClaims([property: JsonPropertyName("sourceId")] string SourceId, List<SeedClaim> Claims);

public sealed record SeedClaim(string Subject, string Statement, List<EffectInput?> Effects, string? ValidTime, QuantityInput? Quantity,
    double? Confidence, EvidenceInput Evidence)
{
    /// <summary>The claim as POST /api/claims takes it, citing the source the seed article was registered as.</summary>
    public RecordClaimRequest ToRequest(string sourceId) =>
        new(Subject, Statement, Effects, ValidTime, Quantity, Evidence with { SourceId = sourceId }, Confidence);
}

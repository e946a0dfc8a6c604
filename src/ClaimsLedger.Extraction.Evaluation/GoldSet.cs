using System.Globalization;
using System.Text.Json;

namespace ClaimsLedger.Extraction.Evaluation;

public sealed record GoldEffect(string Power, string Dimension, string Direction, int Strength);

public sealed record GoldEvidence(int Start, int End, string Quote);

public sealed record GoldClaim(string Subject, string Statement, IReadOnlyList<GoldEffect> Effects, string? ValidTime, GoldEvidence? Evidence = null);

/// <summary>One article of the gold set: its text, its publication date and the claims an analyst expects from it.</summary>
public sealed record GoldArticle(string Name, string Text, DateOnly Published, IReadOnlyList<GoldClaim> Claims);

public static class GoldSet
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private sealed record GoldFile(string Article, string Published, List<GoldClaim> Claims);

    /// <summary>
    /// Reads every <c>*.json</c> in <paramref name="goldFolder"/>; each names its article file, resolved against the
    /// folder's parent (gold lives in seeds/gold/, articles in seeds/).
    /// </summary>
    public static IReadOnlyList<GoldArticle> Load(string goldFolder)
    {
        var folder = Path.GetFullPath(goldFolder);
        var root = Directory.GetParent(folder)?.FullName ?? folder;
        return Directory.GetFiles(folder, "*.json").OrderBy(f => f, StringComparer.Ordinal).Select(file =>
        {
            var gold = JsonSerializer.Deserialize<GoldFile>(File.ReadAllText(file), Json)
                       ?? throw new InvalidDataException($"{file}: empty gold file");
            var text = File.ReadAllText(Path.Combine(root, gold.Article));
            return new GoldArticle(Path.GetFileNameWithoutExtension(file), text, ParsePublished(gold.Published), gold.Claims);
        }).ToList();
    }

    /// <summary>"2023", "2023-05", "2023-05-26" or an instant; a coarser date is its first day.</summary>
    public static DateOnly ParsePublished(string value)
    {
        string[] formats = ["yyyy", "yyyy-MM", "yyyy-MM-dd"];
        if (DateOnly.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
            return DateOnly.FromDateTime(instant.UtcDateTime);
        throw new FormatException($"Unparseable publication date '{value}'");
    }
}

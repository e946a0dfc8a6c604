using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// A claim's id is a hash of what it asserts — subject, effects, normalized statement, valid time — and of
/// nothing else (not the source, not the confidence). The same claim found again therefore lands on the same
/// stream: a second source corroborates it, and re-ingesting a source changes nothing.
/// </summary>
public static class ClaimIdentity
{
    public static string For(string subject, IEnumerable<Effect> effects, string statement, string? validTime)
    {
        var canonicalEffects = effects
            .Select(e => $"{e.Power}|{e.Dimension.Name()}|{e.Direction.Name()}|{e.Strength.ToString(CultureInfo.InvariantCulture)}")
            .Order(StringComparer.Ordinal);
        var canonical = string.Join('\n', [subject, string.Join(';', canonicalEffects), NormalizeStatement(statement), validTime ?? ""]);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "clm-" + Convert.ToHexStringLower(hash)[..24];
    }

    /// <summary>Case, Unicode forms, typographic quotes, spacing and final punctuation do not change what is said.</summary>
    public static string NormalizeStatement(string statement)
    {
        var text = statement.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"')
            .Replace('\u2013', '-').Replace('\u2014', '-');
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words).TrimEnd('.', '!', '?', ';', ':', ' ');
    }
}

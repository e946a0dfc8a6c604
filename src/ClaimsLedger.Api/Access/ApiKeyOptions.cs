using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.Api.Access;

/// <summary>One entry of <c>ClaimsLedger:ApiKeys</c>: whose key it is (the actor on every event it writes), the key or its SHA-256, and the role.</summary>
public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    /// <summary>The key itself. Prefer <see cref="KeySha256"/>, so the configuration never holds a usable secret.</summary>
    public string? Key { get; set; }

    /// <summary>Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes (what <c>create-api-key</c> prints).</summary>
    public string? KeySha256 { get; set; }

    public string Role { get; set; } = "";

    public const int MinKeyLength = 24;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>The stored hash, whichever way it was configured; null when neither (or something unreadable) was.</summary>
    public byte[]? HashBytes()
    {
        if (Key is { Length: > 0 } key) return Hash(key);
        try { return KeySha256 is { Length: 64 } hex ? Convert.FromHexString(hex) : null; }
        catch (FormatException) { return null; }
    }

    /// <summary>Why this entry cannot be used, or null.</summary>
    public string? Problem(int index)
    {
        var at = $"ClaimsLedger:ApiKeys:{index}";
        if (!ActorNames.IsValid(Name)) return $"{at}:Name {ActorNames.Rule}";
        if (!Roles.IsKnown(Role)) return $"{at}:Role must be one of {string.Join(", ", Roles.All)}.";
        if (Key is not null == KeySha256 is not null) return $"{at} must set exactly one of Key and KeySha256.";
        if (Key is not null && Key.Length < MinKeyLength) return $"{at}:Key must be at least {MinKeyLength} characters.";
        if (HashBytes() is null) return $"{at}:KeySha256 must be 64 hexadecimal characters.";
        return null;
    }
}

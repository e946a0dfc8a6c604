using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ClaimsLedger.Api.Subscriptions;

/// <summary>A subscription's signing secret, kept beside its stream rather than in it (see SubscriptionEvents.cs).</summary>
public sealed class WebhookSecret
{
    /// <summary>The subscription id (not the stream id).</summary>
    public string Id { get; set; } = "";

    /// <summary><c>whsec_</c> + base64 of the key bytes, as Standard Webhooks writes secrets.</summary>
    public string Secret { get; set; } = "";
}

/// <summary>
/// Standard Webhooks (standardwebhooks.com) signing: the key is the base64 after <c>whsec_</c>; the signed content is
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>; the signature header is <c>v1,</c> + base64(HMAC-SHA256(key, content)).
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";
    public const int MinKeyBytes = 24, MaxKeyBytes = 64;
    public const string SecretRule = $"must be whsec_ followed by the base64 of 24 to 64 random bytes (omit it and one is generated).";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static bool IsValidSecret(string? secret) => KeyOf(secret) is { Length: >= MinKeyBytes and <= MaxKeyBytes };

    /// <summary>Says which secret signs a subscription's notifications without revealing it (the first 12 hex of its SHA-256).</summary>
    public static string Fingerprint(string secret) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))[..12];

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = KeyOf(secret) ?? throw new ArgumentException("not a whsec_ secret", nameof(secret));
        var content = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>What a receiver does: recompute the signature and compare in constant time with each one offered.</summary>
    public static bool Verify(string secret, string id, long timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(offered => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(offered), expected));
    }

    private static byte[]? KeyOf(string? secret)
    {
        // Base64 decoding skips whitespace, so "whsec_ AbC…" decoded to a key though no receiver would read it so.
        if (secret is null || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Any(char.IsWhiteSpace)) return null;
        try
        {
            return Convert.FromBase64String(secret[SecretPrefix.Length..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

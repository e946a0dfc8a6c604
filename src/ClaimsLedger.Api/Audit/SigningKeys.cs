using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Pkcs;
using Org.BouncyCastle.Security;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// Ed25519 (RFC 8032) through BouncyCastle: .NET 10 has Ed25519 only inside composite ML-DSA, not on its own.
/// Public keys and signatures travel as base64 of their raw 32 and 64 bytes, the form any Ed25519 library takes.
/// </summary>
public static class SigningKeys
{
    private const string PemBegin = "-----BEGIN PRIVATE KEY-----", PemEnd = "-----END PRIVATE KEY-----";

    /// <summary>A private key from PKCS#8 PEM, PKCS#8 DER in base64 or a 32-byte seed in base64; null when it is none of them.</summary>
    public static Ed25519PrivateKeyParameters? Parse(string text)
    {
        try
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith(PemBegin, StringComparison.Ordinal))
                trimmed = trimmed[PemBegin.Length..trimmed.IndexOf(PemEnd, StringComparison.Ordinal)];
            var bytes = Convert.FromBase64String(string.Concat(trimmed.Where(c => !char.IsWhiteSpace(c))));
            if (bytes.Length == Ed25519PrivateKeyParameters.KeySize) return new Ed25519PrivateKeyParameters(bytes, 0);
            return PrivateKeyFactory.CreateKey(bytes) as Ed25519PrivateKeyParameters;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or IOException
                                      or Org.BouncyCastle.Security.SecurityUtilityException or InvalidCastException)
        {
            return null;
        }
    }

    public static Ed25519PrivateKeyParameters Generate() => new(new SecureRandom());

    /// <summary>PKCS#8 PEM, as <c>openssl genpkey -algorithm ed25519</c> writes it: usable as <c>ClaimsLedger:Audit:SigningKey</c>.</summary>
    public static string ToPem(Ed25519PrivateKeyParameters key)
    {
        var base64 = Convert.ToBase64String(PrivateKeyInfoFactory.CreatePrivateKeyInfo(key).GetEncoded());
        var pem = new StringBuilder(PemBegin).Append('\n');
        for (var i = 0; i < base64.Length; i += 64) pem.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        return pem.Append(PemEnd).Append('\n').ToString();
    }

    public static string PublicKey(Ed25519PrivateKeyParameters key) => Convert.ToBase64String(key.GeneratePublicKey().GetEncoded());

    public static byte[]? PublicKeyBytes(string base64)
    {
        try
        {
            var bytes = Convert.FromBase64String(base64.Trim());
            return bytes.Length == Ed25519PublicKeyParameters.KeySize ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Sign(Ed25519PrivateKeyParameters key, byte[] message)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(message, 0, message.Length);
        return Convert.ToBase64String(signer.GenerateSignature());
    }

    /// <summary>Whether <paramref name="signature"/> is the key's signature of the message; false for malformed input.</summary>
    public static bool Verify(string publicKey, byte[] message, string signature)
    {
        try
        {
            if (PublicKeyBytes(publicKey) is not { } key) return false;
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(key, 0));
            verifier.BlockUpdate(message, 0, message.Length);
            return verifier.VerifySignature(Convert.FromBase64String(signature));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return false;
        }
    }
}

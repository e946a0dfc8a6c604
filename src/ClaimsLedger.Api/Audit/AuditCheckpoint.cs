using System.Globalization;
using System.Text;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// A signed statement that the chain had <see cref="Events"/> links ending in <see cref="HeadHash"/> at sequence
/// <see cref="Sequence"/>, cut by the event recorded at <see cref="Time"/>. Written once, never updated; whoever holds
/// the public key can check it, and through it every link before it.
/// </summary>
public sealed class AuditCheckpoint
{
    public const string Format = "claimsledger.checkpoint.v1";

    /// <summary>The sequence of the last event it covers (also its document id).</summary>
    public long Id { get; set; }

    public long Sequence => Id;

    public string HeadHash { get; set; } = "";

    /// <summary>Record time of the event at <see cref="Sequence"/>, in the canonical rendering (<see cref="CanonicalEvent.TimestampFormat"/>).</summary>
    public string Time { get; set; } = "";

    /// <summary>How many links the chain holds up to and including <see cref="Sequence"/>.</summary>
    public long Events { get; set; }

    /// <summary>The Ed25519 public key (base64, 32 bytes) that made <see cref="Signature"/>.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>Ed25519 signature (base64, 64 bytes) of <see cref="SignedBytes()"/>.</summary>
    public string Signature { get; set; } = "";

    public byte[] SignedBytes() => SignedBytes(Sequence, HeadHash, Time, Events);

    /// <summary>
    /// What is signed, UTF-8, each line ending in LF:
    /// <c>claimsledger.checkpoint.v1</c>, <c>seq:{sequence}</c>, <c>head:{hex}</c>, <c>time:{timestamp}</c>, <c>events:{count}</c>.
    /// </summary>
    public static byte[] SignedBytes(long sequence, string headHash, string time, long events) => Encoding.UTF8.GetBytes(
        $"{Format}\nseq:{sequence.ToString(CultureInfo.InvariantCulture)}\nhead:{headHash}\ntime:{time}\nevents:{events.ToString(CultureInfo.InvariantCulture)}\n");

    public bool HasValidSignature() => SigningKeys.Verify(PublicKey, SignedBytes(), Signature);
}

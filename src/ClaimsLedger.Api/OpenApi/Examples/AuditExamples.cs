using System.Buffers;
using System.Text;
using ClaimsLedger.Api.Audit;
using Org.BouncyCastle.Crypto.Parameters;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    // A fixed, published example key: the examples' hashes and signatures are real, so the proof example checks out with
    // tools/verify-proof.py, and a reader can follow one event from its canonical bytes to a signed checkpoint.
    private static readonly Ed25519PrivateKeyParameters ExampleKey = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray(), 0);

    private static readonly CanonicalEvent[] ExampleEvents =
    [
        new(41, Guid.Parse("08df4ef6-3b8b-859d-8260-aac973fd0001"), "*DEFAULT*", "clm-abd622e0a4e2af8ea36b6e5d", 1, "claim_extracted",
            "2024-07-01T12:00:00.004000Z", false, "0af7651916cd43dd8448eb211c80319c", null, "analyst@example.org", null,
            """{"actor": "analyst@example.org", "subject": "KZ", "confidence": 0.8}"""),
        new(42, Guid.Parse("08df4ef6-3b8b-859d-8260-aac973fd0002"), "*DEFAULT*", "clm-abd622e0a4e2af8ea36b6e5d", 2, "claim_corroborated",
            "2024-07-01T12:00:00.006000Z", false, "b7ad6b7169203331b7ad6b7169203331", null, "analyst@example.org", null,
            """{"actor": "analyst@example.org", "sourceId": "example-wire-2024-01-20-kz-trade"}"""),
        new(43, Guid.Parse("08df4ef6-3b8b-859d-8260-aac973fd0003"), "*DEFAULT*", AuditStreams.Checkpoints, 1, "audit_checkpoint_requested",
            "2024-07-01T12:05:00.000000Z", false, "4bf92f3577b34da6a3ce929d0e0e4736", null, "auditor@example.org", null,
            """{"actor": "auditor@example.org", "reason": "Sealed before the quarterly audit."}"""),
    ];

    private static readonly string ExamplePreviousHash = new('7', 64);

    /// <summary>The example chain: each event's digest and link, from <see cref="ExamplePreviousHash"/>.</summary>
    private static List<ProofLink> ExampleLinks()
    {
        var previous = Convert.FromHexString(ExamplePreviousHash);
        var links = new List<ProofLink>();
        foreach (var e in ExampleEvents)
        {
            var digest = e.Digest();
            previous = CanonicalEvent.Link(previous, digest);
            links.Add(new ProofLink(e.Sequence, CanonicalEvent.Hex(digest), CanonicalEvent.Hex(previous)));
        }
        return links;
    }

    private static CheckpointView ExampleCheckpoint()
    {
        var head = ExampleLinks()[^1];
        var checkpoint = new AuditCheckpoint
        {
            Id = head.Sequence, HeadHash = head.Hash, Time = ExampleEvents[^1].Timestamp, Events = 43, PublicKey = SigningKeys.PublicKey(ExampleKey),
        };
        checkpoint.Signature = SigningKeys.Sign(ExampleKey, checkpoint.SignedBytes());
        return CheckpointView.From(checkpoint);
    }

    /// <summary>What <c>GET /api/export</c> streams: the header line, then one line per event (here the example chain's last two).</summary>
    public static string ExportExample()
    {
        var key = SigningKeys.PublicKey(ExampleKey);
        var text = new StringBuilder(Encoding.UTF8.GetString(ExportLines.Header(
            new ExportHeader(ExportHeader.Version, CanonicalEvent.Format, key, [key], "2024-07-01T12:10:00.000000Z"))));
        var links = ExampleLinks();
        var checkpoint = ExampleCheckpoint();
        foreach (var i in new[] { 1, 2 })
        {
            var line = new ArrayBufferWriter<byte>();
            ExportLines.Write(line, ExampleEvents[i], links[i].Hash, i == 2
                ? new AuditCheckpoint { Id = checkpoint.Sequence, HeadHash = checkpoint.HeadHash, Time = checkpoint.Time, Events = checkpoint.Events, PublicKey = key, Signature = checkpoint.Signature }
                : null);
            text.Append(Encoding.UTF8.GetString(line.WrittenSpan));
        }
        return text.ToString();
    }

    private static IEnumerable<(Type Type, Func<object> Example)> AuditExamples() =>
    [
        Example(() => new RequestCheckpointRequest("Sealed before the quarterly audit.")),
        Example(() => new CheckpointRequestAccepted(43, AuditRoutes.Proof(43))),
        Example(() => new AuditVerification(false, 42, 43, 0, 43, ExampleLinks()[^1].Hash, new CheckpointVerification(1, 1, null),
            [new ChainBreak(42, "The event no longer matches its link: its row (data, metadata, time, stream or type) was altered, or the link was.")],
            41000, 0.001, SigningKeys.PublicKey(ExampleKey))),
        Example(() => new CheckpointPage(SigningKeys.PublicKey(ExampleKey), [ExampleCheckpoint()], 1, 50, 1)),
        Example(() => new EventProof(EventProof.Version, 42, Encoding.UTF8.GetString(ExampleEvents[1].Bytes()), ExampleLinks()[0].Hash,
            ExampleLinks()[1..], ExampleCheckpoint())),
    ];
}

using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ClaimsLedger.Api.Audit;

/// <summary>An event line that has passed every check, with its line number (the header is line 1).</summary>
public sealed record VerifiedLine(long Line, CanonicalEvent Event, bool HasCheckpoint);

/// <summary>
/// Reads an export line by line and checks it as it goes: each line's chain hash recomputed from the line itself, each
/// carried checkpoint's count and signature, the signer among the trusted keys, sequences rising, and the event's type
/// known to this ledger. The first line that fails is refused by number and sequence.
/// </summary>
public sealed class ExportReader(IReadOnlyDictionary<string, Type> eventTypes, string? trustedKey)
{
    public ExportHeader? Header { get; private set; }
    public IReadOnlySet<string> TrustedKeys { get; private set; } = new HashSet<string>();
    public long Events { get; private set; }
    public long Checkpoints { get; private set; }
    public long LastSequence { get; private set; }
    public string HeadHash { get; private set; } = CanonicalEvent.Hex(CanonicalEvent.Genesis);

    public async IAsyncEnumerable<VerifiedLine> ReadAsync(Stream input, [EnumeratorCancellation] CancellationToken ct)
    {
        using var lines = new StreamReader(input, Encoding.UTF8);
        var first = await lines.ReadLineAsync(ct) ?? throw new ImportRefusedException("The file is empty: line 1 should be the export header.");
        try { Header = ExportLines.ReadHeader(first); }
        catch (Exception e) when (e is FormatException or JsonException) { throw new ImportRefusedException($"Line 1 is not a {ExportHeader.Version} header: {e.Message}"); }
        TrustedKeys = trustedKey is not null ? new HashSet<string>([trustedKey]) : new HashSet<string>(Header.TrustedKeys.Append(Header.PublicKey));

        var previous = CanonicalEvent.Genesis;
        long lineNumber = 1;
        while (await lines.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            ExportedEvent exported;
            try { exported = ExportLines.Read(line); }
            catch (FormatException malformed) { throw new ImportRefusedException($"Line {lineNumber} is not an event line: {malformed.Message}"); }
            var e = exported.Event;
            var at = $"Line {lineNumber} (sequence {e.Sequence})";
            if (e.Sequence <= LastSequence) throw new ImportRefusedException($"{at} does not come after sequence {LastSequence}: the lines are out of order.");

            previous = CanonicalEvent.Link(previous, e.Digest());
            if (!string.Equals(CanonicalEvent.Hex(previous), exported.Hash, StringComparison.Ordinal))
                throw new ImportRefusedException($"{at} breaks the hash chain: the event on this line is not the one its hash was made from " +
                                                 "(the line was altered, or a line before it was removed or changed).");
            Events++;
            if (exported.Checkpoint is { } checkpoint)
            {
                var signed = AuditCheckpoint.SignedBytes(e.Sequence, exported.Hash, checkpoint.Time, checkpoint.Events);
                if (checkpoint.Events != Events || !SigningKeys.Verify(checkpoint.PublicKey, signed, checkpoint.Signature))
                    throw new ImportRefusedException($"{at} carries a checkpoint whose signature does not verify: the chain up to it was rewritten.");
                if (!TrustedKeys.Contains(checkpoint.PublicKey))
                    throw new ImportRefusedException($"{at} carries a checkpoint signed by {checkpoint.PublicKey}, which is not a trusted key.");
                Checkpoints++;
            }
            if (e.Stream is null) throw new ImportRefusedException($"{at} has no stream id.");
            if (e.Data is null) throw new ImportRefusedException($"{at} has no data.");
            if (e.Type is null || !eventTypes.ContainsKey(e.Type)) throw new ImportRefusedException($"{at} has an event type this ledger does not know: '{e.Type}'.");
            LastSequence = e.Sequence;
            HeadHash = exported.Hash;
            yield return new VerifiedLine(lineNumber, e, exported.Checkpoint is not null);
        }
    }
}

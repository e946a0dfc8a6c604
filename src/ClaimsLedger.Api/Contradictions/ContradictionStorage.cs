using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// How the store writes a pair: <c>["clm-a…", "clm-b…", [["CN", "Economic", "Toward"]], "2026-12-07T14:42:58.798131Z"]</c>
/// (its two claims, where they disagree, when it was detected), then its update, version and resolution where it has them:
/// each null where a later one is set, left out at the end, as they are for all but the few pairs that changed after their
/// detection. Its id, subject, standing and detection position are its columns alone (<see cref="ColumnOnlyAttribute"/>).
/// Pairs are the ledger's most numerous rows (920,000 at 200k events), and the names of the three members every pair has
/// were ~60 of each one's ~200 bytes of JSON. The API never serves the document, and no SQL reads its JSON.
/// </summary>
public sealed class ContradictionStorage : StoredAsArray<Contradiction>
{
    protected override void WriteValues(Utf8JsonWriter writer, Contradiction value, JsonSerializerOptions options)
    {
        if (value.ClaimIds.Count != 2) throw new JsonException($"A contradiction is between two claims, not {value.ClaimIds.Count}.");
        writer.WriteStringValue(value.ClaimIds[0]);
        writer.WriteStringValue(value.ClaimIds[1]);
        JsonSerializer.Serialize(writer, value.Conflicts, options);
        StoredInstant.Write(writer, value.DetectedAt);
        var set = value.Resolution is not null ? 3 : value.Version != 0 ? 2 : value.StoredUpdatedAt is not null ? 1 : 0;
        if (set >= 1)
        {
            if (value.StoredUpdatedAt is { } updated) StoredInstant.Write(writer, updated);
            else writer.WriteNullValue();
        }
        if (set >= 2) writer.WriteNumberValue(value.Version);
        if (set >= 3) JsonSerializer.Serialize(writer, value.Resolution, options);
    }

    protected override Contradiction ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var pair = new Contradiction();
        var first = StringAt(ref reader, "first claim");
        reader.Read();
        pair.ClaimIds = [first, StringAt(ref reader, "second claim")];
        reader.Read();
        pair.Conflicts = JsonSerializer.Deserialize<List<ContradictionConflict>>(ref reader, options)
            ?? throw new JsonException("A stored Contradiction needs its conflicts.");
        reader.Read();
        pair.DetectedAt = StoredInstant.Read(ref reader, "detection time");
        var more = NextValue(ref reader);
        if (more && reader.TokenType != JsonTokenType.Null) pair.StoredUpdatedAt = StoredInstant.Read(ref reader, "update time");
        more = more && NextValue(ref reader);
        if (more) pair.Version = reader.GetInt64();
        more = more && NextValue(ref reader);
        if (more) pair.Resolution = JsonSerializer.Deserialize<ContradictionResolution>(ref reader, options);
        return pair;
    }
}

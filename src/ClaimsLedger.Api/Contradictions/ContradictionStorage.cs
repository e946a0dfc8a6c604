using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// How the store writes a pair: <c>["clm-a…", "clm-b…"]</c>, its two claims, then its update, version, resolution and
/// conflicts where it has them: each null (the version 0) where a later one is set, left out at the end, as they are for all
/// but the few pairs that changed after their detection. Its id, subject, standing and detection position are its columns
/// alone (<see cref="ColumnOnlyAttribute"/>); its detection time is its detecting event's and where it disagrees is what its
/// claims' codings give, so the projection stores neither (<see cref="Contradiction"/>). Pairs are the ledger's most
/// numerous rows (920,000 at 200k events): the conflicts and detection time were half of each one's JSON.
/// <para>
/// Rows of the fifty-seventh round hold <c>["clm-a…", "clm-b…", [["CN", "Economic", "Toward"]], "…Z", update, version,
/// resolution]</c>, told apart by the array in third place, and are read with their conflicts (their detection time is the
/// event's, as here). The API never serves the document, and no SQL reads its JSON.
/// </para>
/// </summary>
public sealed class ContradictionStorage : StoredAsArray<Contradiction>
{
    protected override void WriteValues(Utf8JsonWriter writer, Contradiction value, JsonSerializerOptions options)
    {
        if (value.ClaimIds.Count != 2) throw new JsonException($"A contradiction is between two claims, not {value.ClaimIds.Count}.");
        writer.WriteStringValue(value.ClaimIds[0]);
        writer.WriteStringValue(value.ClaimIds[1]);
        var set = value.StoresConflicts ? 4 : value.Resolution is not null ? 3 : value.Version != 0 ? 2 : value.StoredUpdatedAt is not null ? 1 : 0;
        if (set >= 1)
        {
            if (value.StoredUpdatedAt is { } updated) StoredInstant.Write(writer, updated);
            else writer.WriteNullValue();
        }
        if (set >= 2) writer.WriteNumberValue(value.Version);
        if (set >= 3) JsonSerializer.Serialize(writer, value.Resolution, options);
        if (set >= 4) JsonSerializer.Serialize(writer, value.Conflicts, options);
    }

    protected override Contradiction ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var pair = new Contradiction { StoresConflicts = false };
        var first = StringAt(ref reader, "first claim");
        reader.Read();
        pair.ClaimIds = [first, StringAt(ref reader, "second claim")];
        var more = NextValue(ref reader);
        if (more && reader.TokenType == JsonTokenType.StartArray)
        {
            // The fifty-seventh round's form: the conflicts, then the detection time, before the rest.
            pair.Conflicts = Conflicts(ref reader, options);
            pair.StoresConflicts = true;
            reader.Read();
            StoredInstant.Read(ref reader, "detection time");
            more = NextValue(ref reader);
        }
        if (more && reader.TokenType != JsonTokenType.Null) pair.StoredUpdatedAt = StoredInstant.Read(ref reader, "update time");
        more = more && NextValue(ref reader);
        if (more) pair.Version = reader.GetInt64();
        more = more && NextValue(ref reader);
        if (more) pair.Resolution = JsonSerializer.Deserialize<ContradictionResolution>(ref reader, options);
        if (!pair.StoresConflicts && more && NextValue(ref reader))
        {
            pair.Conflicts = Conflicts(ref reader, options);
            pair.StoresConflicts = true;
        }
        return pair;
    }

    private static List<ContradictionConflict> Conflicts(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<List<ContradictionConflict>>(ref reader, options)
            ?? throw new JsonException("A stored Contradiction's conflicts are a list.");
}

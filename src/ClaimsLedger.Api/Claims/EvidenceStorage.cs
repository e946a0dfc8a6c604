using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// How a claim's document stores a passage that supports it: <c>["src-1", "extracted", 585, 696, "India agreed…",
/// "outlet 29", "ana@example.org", "2026-12-07T14:42:56.310965Z"]</c> (source, role, start, end, quote, independence key,
/// actor, record time), not an object naming each member (~90 bytes a passage). Only in the store
/// (<see cref="StoredAsArraysAttribute"/>): the API serves passages as objects.
/// </summary>
public sealed class EvidenceStorage : StoredAsArray<ClaimEvidence>
{
    protected override void WriteValues(Utf8JsonWriter writer, ClaimEvidence value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(value.SourceId);
        writer.WriteStringValue(value.Role);
        writer.WriteNumberValue(value.Start);
        writer.WriteNumberValue(value.End);
        writer.WriteStringValue(value.Quote);
        writer.WriteStringValue(value.IndependenceKey);
        writer.WriteStringValue(value.Actor);
        StoredInstant.Write(writer, value.RecordedAt);
    }

    protected override ClaimEvidence ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var sourceId = StringAt(ref reader, "source");
        reader.Read();
        var role = StringAt(ref reader, "role");
        reader.Read();
        var start = reader.GetInt32();
        reader.Read();
        var end = reader.GetInt32();
        reader.Read();
        var quote = StringAt(ref reader, "quote");
        reader.Read();
        var independenceKey = StringAt(ref reader, "independence key");
        reader.Read();
        var actor = StringAt(ref reader, "actor");
        reader.Read();
        return new ClaimEvidence(sourceId, role, start, end, quote, independenceKey, actor, StoredInstant.Read(ref reader, "passage's record time"));
    }
}

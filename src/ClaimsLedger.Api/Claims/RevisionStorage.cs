using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// How a claim's document stores one of its revisions: <c>["2026-12-07T14:42:56.310965Z", "Recorded", 0.76,
/// "claim_extracted", "ana@example.org"]</c> (record time, status, confidence, event type, actor), then its reason, last
/// review, retraction reason, supersession and merge where it has them: each null where a later one is set, left out at the
/// end. Not an object naming each member (~65 bytes a revision; a claim carries one per event). Revisions are stored only,
/// never served (<see cref="StoredAsArraysAttribute"/> all the same, as the document they are in is served).
/// </summary>
public sealed class RevisionStorage : StoredAsArray<ClaimRevision>
{
    protected override void WriteValues(Utf8JsonWriter writer, ClaimRevision value, JsonSerializerOptions options)
    {
        StoredInstant.Write(writer, value.RecordedAt);
        WriteName(writer, value.Status);
        writer.WriteNumberValue(value.Confidence);
        WriteStringOrNull(writer, value.EventType);
        WriteStringOrNull(writer, value.Actor);
        var set = value.MergedInto is not null ? 5 : value.SupersededBy is not null ? 4 : value.RetractionReason is not null ? 3
            : value.LastReview is not null ? 2 : value.Reason is not null ? 1 : 0;
        if (set >= 1) WriteStringOrNull(writer, value.Reason);
        if (set >= 2) JsonSerializer.Serialize(writer, value.LastReview, options);
        if (set >= 3) WriteStringOrNull(writer, value.RetractionReason);
        if (set >= 4) WriteStringOrNull(writer, value.SupersededBy);
        if (set >= 5) WriteStringOrNull(writer, value.MergedInto);
    }

    protected override ClaimRevision ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var recordedAt = StoredInstant.Read(ref reader, "revision's record time");
        reader.Read();
        var status = NameAt<ClaimStatus>(ref reader, "status");
        reader.Read();
        var confidence = reader.GetDouble();
        reader.Read();
        var eventType = reader.GetString();
        reader.Read();
        var actor = reader.GetString();
        var more = NextValue(ref reader);
        var reason = more ? reader.GetString() : null;
        more = more && NextValue(ref reader);
        var lastReview = more ? JsonSerializer.Deserialize<ClaimReview>(ref reader, options) : null;
        more = more && NextValue(ref reader);
        var retractionReason = more ? reader.GetString() : null;
        more = more && NextValue(ref reader);
        var supersededBy = more ? reader.GetString() : null;
        more = more && NextValue(ref reader);
        var mergedInto = more ? reader.GetString() : null;
        return new ClaimRevision(recordedAt, status, confidence, lastReview, retractionReason)
        {
            EventType = eventType, Actor = actor, Reason = reason, SupersededBy = supersededBy, MergedInto = mergedInto,
        };
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string? value)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}

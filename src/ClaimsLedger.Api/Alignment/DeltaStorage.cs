using System.Text.Json;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a history entry's delta: <c>["CN", "Economic", 0, 1.6, "2023-05-01Z", "2024-01-01Z",
/// [["2023-06-01Z", 1.6]]]</c> (power, dimension, before, after, valid start and end (<see cref="StoredInstant"/>), the
/// publication steps after and before, and the claim when it is not the entry's own), not an object naming each member. The
/// optional values are null where a later one is set and left out at the end. An entry holds 1.8 deltas on average, and the
/// names were ~80 of each one's ~240 bytes. <see cref="ValidTimeTotals"/> reads the values in SQL, in either form
/// (<see cref="ValueSql"/>); the API serves deltas as objects, as before.
/// </summary>
internal sealed class DeltaStorage : StoredAsArray<AlignmentChange.StoredDelta>
{
    /// <summary>Where each value sits in the array, for SQL.</summary>
    private static readonly string[] Positions = ["power", "dimension", "before", "after", "validStart", "validEnd"];

    /// <summary>A stored delta's value in SQL as jsonb (<paramref name="member"/>: its object form's name), either form.</summary>
    public static string ValueSql(string delta, string member) => $"coalesce({delta} -> '{member}', {delta} -> {Array.IndexOf(Positions, member)})";

    /// <summary>A stored delta's value in SQL as text, either form.</summary>
    public static string TextSql(string delta, string member) => $"coalesce({delta} ->> '{member}', {delta} ->> {Array.IndexOf(Positions, member)})";

    protected override void WriteValues(Utf8JsonWriter writer, AlignmentChange.StoredDelta value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(value.Power);
        WriteName(writer, value.Dimension);
        writer.WriteNumberValue(value.Before);
        writer.WriteNumberValue(value.After);
        var set = value.ClaimId is not null ? 5 : value.BeforeSteps is not null ? 4 : value.AfterSteps is not null ? 3
            : value.ValidEnd is not null ? 2 : value.ValidStart is not null ? 1 : 0;
        if (set >= 1) WriteInstantOrNull(writer, value.ValidStart);
        if (set >= 2) WriteInstantOrNull(writer, value.ValidEnd);
        if (set >= 3) PublicationStepStorage.WriteList(writer, value.AfterSteps, options);
        if (set >= 4) PublicationStepStorage.WriteList(writer, value.BeforeSteps, options);
        if (set >= 5) writer.WriteStringValue(value.ClaimId);
    }

    protected override AlignmentChange.StoredDelta ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var power = StringAt(ref reader, "power");
        reader.Read();
        var dimension = NameAt<Dimension>(ref reader, "dimension");
        reader.Read();
        var before = reader.GetDecimal();
        reader.Read();
        var after = reader.GetDecimal();
        var more = NextValue(ref reader);
        var validStart = more ? InstantOrNull(ref reader) : null;
        more = more && NextValue(ref reader);
        var validEnd = more ? InstantOrNull(ref reader) : null;
        more = more && NextValue(ref reader);
        var afterSteps = more ? PublicationStepStorage.ReadList(ref reader, options) : null;
        more = more && NextValue(ref reader);
        var beforeSteps = more ? PublicationStepStorage.ReadList(ref reader, options) : null;
        more = more && NextValue(ref reader);
        var claimId = more ? StringAt(ref reader, "claim") : null;
        return new AlignmentChange.StoredDelta(claimId, power, dimension, before, after, validStart, validEnd)
        {
            BeforeSteps = beforeSteps, AfterSteps = afterSteps,
        };
    }

    private static void WriteInstantOrNull(Utf8JsonWriter writer, DateTimeOffset? value)
    {
        if (value is { } instant) StoredInstant.Write(writer, instant);
        else writer.WriteNullValue();
    }

    private static DateTimeOffset? InstantOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : StoredInstant.Read(ref reader, "valid time");
}

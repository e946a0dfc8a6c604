using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// How the store writes an instant inside a value it stores its own way (<see cref="StoredAsArray{T}"/>), or on a member of a
/// document the API never serves: UTC with a Z, to the tick, and a day's start as the day alone, <c>"2023-05-01Z"</c>, not
/// <c>"2023-05-01T00:00:00+00:00"</c>. Valid times and publication dates are days: each was 14 bytes longer, in every history
/// entry's deltas, span's and alignment claim's steps. PostgreSQL reads both forms as the same instant whatever the
/// session's time zone (the Z), so SQL casting them to <c>timestamptz</c> needs no change. Reads any form
/// <see cref="Utf8JsonReader.GetDateTimeOffset"/> reads, so values stored by earlier builds load alike.
/// </summary>
public sealed class StoredInstant : JsonConverter<DateTimeOffset>
{
    public static void Write(Utf8JsonWriter writer, DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        writer.WriteStringValue(utc.TimeOfDay == TimeSpan.Zero
            ? utc.ToString("yyyy-MM-dd'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>The instant the reader is on; <paramref name="member"/> names it in the error when it is not one.</summary>
    public static DateTimeOffset Read(ref Utf8JsonReader reader, string member)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.TryGetDateTimeOffset(out var instant)) return instant;
            var text = reader.GetString()!;
            if (text.Length == 11 && text[10] == 'Z'
                && DateTime.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
                return new DateTimeOffset(day, TimeSpan.Zero);
        }
        throw new JsonException($"A stored {member} is not an instant.");
    }

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Read(ref reader, "instant");

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => Write(writer, value);
}

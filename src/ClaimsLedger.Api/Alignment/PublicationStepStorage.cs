using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a publication step: <c>["2018-05-01T00:00:00Z", 0.78]</c>, not
/// <c>{"publishedBy": "2018-05-01T00:00:00+00:00", "contribution": 0.78}</c>. Every contribution span, alignment claim and
/// history entry carries steps (two thirds of a span's JSON, a sixth of an entry's), so the shorter form is a few percent of
/// the ledger. Reads either form: rows written by earlier builds keep the object. Marten's serializer only; the API never
/// serves steps. SQL reading a step takes both forms (<see cref="PublishedBySql"/>, <see cref="ContributionSql"/>).
/// </summary>
public sealed class PublicationStepStorage : JsonConverter<PublicationStep>
{
    public override void Write(Utf8JsonWriter writer, PublicationStep value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        // UTC with a Z: what PostgreSQL reads as the same instant whatever the session's time zone.
        writer.WriteStringValue(value.PublishedBy.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
        writer.WriteNumberValue(value.Contribution);
        writer.WriteEndArray();
    }

    public override PublicationStep Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var publishedBy = reader.GetDateTimeOffset();
            reader.Read();
            var contribution = reader.GetDecimal();
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("A publication step is [publishedBy, contribution].");
            return new PublicationStep(publishedBy, contribution);
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A publication step is an array or an object.");
        DateTimeOffset? by = null;
        decimal? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "publishedBy", StringComparison.OrdinalIgnoreCase)) by = reader.GetDateTimeOffset();
            else if (string.Equals(name, "contribution", StringComparison.OrdinalIgnoreCase)) value = reader.GetDecimal();
            else reader.Skip();
        }
        return new PublicationStep(by ?? throw new JsonException("A publication step needs publishedBy."),
            value ?? throw new JsonException("A publication step needs a contribution."));
    }

    /// <summary>A stored step's publication instant in SQL, either form.</summary>
    public static string PublishedBySql(string step) => $"coalesce({step} ->> 'publishedBy', {step} ->> 0)::timestamptz";

    /// <summary>A stored step's contribution in SQL, either form.</summary>
    public static string ContributionSql(string step) => $"coalesce({step} ->> 'contribution', {step} ->> 1)::numeric";
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a score's move in a history entry: <c>["WEST", "overall", 76.7785, 76.3385]</c> (power, column,
/// before, after), not an object naming each member: a fifth of an entry's JSON was those names, and entries are among the
/// ledger's largest tables. Reads either form: entries written by earlier builds keep the object. Marten's serializer only;
/// the API serves score changes as objects, as before. No SQL reads a change's scores.
/// </summary>
public sealed class ScoreChangeStorage : JsonConverter<ScoreChange>
{
    public override void Write(Utf8JsonWriter writer, ScoreChange value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(value.Power);
        writer.WriteStringValue(value.Dimension);
        writer.WriteNumberValue(value.Before);
        writer.WriteNumberValue(value.After);
        writer.WriteEndArray();
    }

    public override ScoreChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var power = reader.GetString() ?? throw new JsonException("A score change needs its power.");
            reader.Read();
            var dimension = reader.GetString() ?? throw new JsonException("A score change needs its column.");
            reader.Read();
            var before = reader.GetDecimal();
            reader.Read();
            var after = reader.GetDecimal();
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("A score change is [power, column, before, after].");
            return new ScoreChange(power, dimension, before, after);
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A score change is an array or an object.");
        var (p, d, b, a) = ((string?)null, (string?)null, (decimal?)null, (decimal?)null);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name?.ToLowerInvariant())
            {
                case "power": p = reader.GetString(); break;
                case "dimension": d = reader.GetString(); break;
                case "before": b = reader.GetDecimal(); break;
                case "after": a = reader.GetDecimal(); break;
                default: reader.Skip(); break;
            }
        }
        return p is null || d is null || b is null || a is null
            ? throw new JsonException("A score change needs power, dimension, before and after.")
            : new ScoreChange(p, d, b.Value, a.Value);
    }
}

using System.Text.Json;
using ClaimsLedger.Api.Postgres;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// How the store writes a score's move in a history entry: <c>["WEST", "overall", 76.7785, 76.3385]</c> (power, column,
/// before, after), not an object naming each member: a fifth of an entry's JSON was those names, and entries are among the
/// ledger's largest tables. The API serves score changes as objects, as before. No SQL reads a change's scores.
/// </summary>
public sealed class ScoreChangeStorage : StoredAsArray<ScoreChange>
{
    protected override void WriteValues(Utf8JsonWriter writer, ScoreChange value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(value.Power);
        writer.WriteStringValue(value.Dimension);
        writer.WriteNumberValue(value.Before);
        writer.WriteNumberValue(value.After);
    }

    protected override ScoreChange ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var power = StringAt(ref reader, "power");
        reader.Read();
        var dimension = StringAt(ref reader, "column");
        reader.Read();
        var before = reader.GetDecimal();
        reader.Read();
        return new ScoreChange(power, dimension, before, reader.GetDecimal());
    }
}

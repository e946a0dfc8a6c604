using System.Text.Json;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// How the projections' own claims (<see cref="Alignment.AlignmentClaim"/>, <see cref="Contradictions.ContradictionClaim"/>)
/// store an effect: <c>["CN", "Economic", "Toward", 2]</c>, not an object naming each member (~45 of a claim's ~790 bytes
/// for each effect). Only on those members (<see cref="ListStoredAsArrays{T, TStorage}"/>): events keep their effects as
/// objects, and the API serves them so.
/// </summary>
public sealed class EffectStorage : StoredAsArray<Effect>
{
    protected override void WriteValues(Utf8JsonWriter writer, Effect value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(value.Power);
        WriteName(writer, value.Dimension);
        WriteName(writer, value.Direction);
        writer.WriteNumberValue(value.Strength);
    }

    protected override Effect ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var power = StringAt(ref reader, "power");
        reader.Read();
        var dimension = NameAt<Dimension>(ref reader, "dimension");
        reader.Read();
        var direction = NameAt<Direction>(ref reader, "direction");
        reader.Read();
        return new Effect(power, dimension, direction, reader.GetInt32());
    }
}

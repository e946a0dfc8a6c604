using System.Text.Json;
using ClaimsLedger.Api.Postgres;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Contradictions;

/// <summary>
/// How the store writes where a pair disagrees: <c>["CN", "Economic", "Toward"]</c> (power, dimension, the first claim's
/// direction), not an object naming each member. The second claim's direction is the first's opposite, which is what makes
/// the conflict (<see cref="ContradictionProjection.Conflicts"/>); it is written as a fourth value only if it ever is not.
/// Pairs are the ledger's most numerous rows, and the names were a sixth of a pair's JSON. The API serves conflicts as objects,
/// as before; no SQL reads them.
/// </summary>
public sealed class ContradictionConflictStorage : StoredAsArray<ContradictionConflict>
{
    protected override void WriteValues(Utf8JsonWriter writer, ContradictionConflict value, JsonSerializerOptions options)
    {
        writer.WriteStringValue(value.Power);
        WriteName(writer, value.Dimension);
        WriteName(writer, value.First);
        if (value.Second != Opposite(value.First)) WriteName(writer, value.Second);
    }

    protected override ContradictionConflict ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var power = StringAt(ref reader, "power");
        reader.Read();
        var dimension = NameAt<Dimension>(ref reader, "dimension");
        reader.Read();
        var first = NameAt<Direction>(ref reader, "direction");
        // A fourth value only when the second direction is not the first's opposite.
        return NextValue(ref reader) ? new ContradictionConflict(power, dimension, first, NameAt<Direction>(ref reader, "second direction"))
            : new ContradictionConflict(power, dimension, first, Opposite(first));
    }

    private static Direction Opposite(Direction direction) => direction == Direction.Toward ? Direction.Away : Direction.Toward;
}

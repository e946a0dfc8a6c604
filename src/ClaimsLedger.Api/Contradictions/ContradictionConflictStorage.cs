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
    protected override void WriteValues(Utf8JsonWriter writer, ContradictionConflict value)
    {
        writer.WriteStringValue(value.Power);
        writer.WriteStringValue(value.Dimension.ToString());
        writer.WriteStringValue(value.First.ToString());
        if (value.Second != Opposite(value.First)) writer.WriteStringValue(value.Second.ToString());
    }

    protected override ContradictionConflict ReadValues(ref Utf8JsonReader reader)
    {
        var power = reader.GetString() ?? throw new JsonException("A stored conflict needs its power.");
        reader.Read();
        var dimension = Enum.Parse<Dimension>(reader.GetString() ?? throw new JsonException("A stored conflict needs its dimension."), ignoreCase: true);
        reader.Read();
        var first = Enum.Parse<Direction>(reader.GetString() ?? throw new JsonException("A stored conflict needs a direction."), ignoreCase: true);
        // A fourth value only when the second direction is not the first's opposite: look ahead without moving on.
        var next = reader;
        next.Read();
        if (next.TokenType != JsonTokenType.String) return new ContradictionConflict(power, dimension, first, Opposite(first));
        reader.Read();
        return new ContradictionConflict(power, dimension, first, Enum.Parse<Direction>(reader.GetString()!, ignoreCase: true));
    }

    private static Direction Opposite(Direction direction) => direction == Direction.Toward ? Direction.Away : Direction.Toward;
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Alignment;

/// <summary>
/// A cell table (<see cref="AlignmentCells.Scores"/>) in JSON, as System.Text.Json writes a dictionary, read into a dictionary
/// of the table's exact size whose keys are the cached ones (<see cref="ScoreCell.KeyOf(ReadOnlySpan{char})"/>). Read as any
/// dictionary, every as-of and current read made a string for each of the subject's cells and grew the dictionary cell by
/// cell: at 200k events the hot subject's 88 cells were a fifth of what an as-of read allocated.
/// </summary>
public sealed class CellScoresJson : JsonConverter<Dictionary<string, decimal>>
{
    // Longer keys than any power and column make are read as they are.
    private const int LongestCachedKey = 64;

    public override Dictionary<string, decimal> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A cell table is a JSON object.");
        var scores = new Dictionary<string, decimal>(CellsIn(reader), StringComparer.Ordinal);
        var values = (JsonConverter<decimal>)options.GetConverter(typeof(decimal));
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = KeyOf(ref reader);
            reader.Read();
            scores[key] = values.Read(ref reader, typeof(decimal), options);
        }
        return reader.TokenType == JsonTokenType.EndObject ? scores : throw new JsonException("A cell table holds only scores.");
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, decimal> value, JsonSerializerOptions options)
    {
        var values = (JsonConverter<decimal>)options.GetConverter(typeof(decimal));
        writer.WriteStartObject();
        foreach (var (key, score) in value)
        {
            writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(key) ?? key);
            values.Write(writer, score, options);
        }
        writer.WriteEndObject();
    }

    /// <summary>How many cells the object the reader is at holds, counted on a copy of the reader (the object is buffered whole).</summary>
    private static int CellsIn(Utf8JsonReader reader)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            count++;
            reader.Read();
            reader.Skip();
        }
        return count;
    }

    private static string KeyOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > LongestCachedKey) return reader.GetString()!;
        Span<char> key = stackalloc char[LongestCachedKey];
        return ScoreCell.KeyOf(key[..Encoding.UTF8.GetChars(reader.ValueSpan, key)]);
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A small record the store writes as a JSON array of its values rather than an object naming each member, for values
/// repeated in millions of rows, where the names were much of the bytes. Registered on Marten's serializer only, so the API
/// serves the object as before. Rows written by earlier builds keep the object: it is read as the serializer always read it.
/// </summary>
public abstract class StoredAsArray<T> : JsonConverter<T>
{
    // The store's options without this converter, for the object form; made once (a benign race makes it twice at most).
    private JsonSerializerOptions? _asObject;

    /// <summary>The values, in the order <see cref="ReadValues"/> reads them, between the array's brackets.</summary>
    protected abstract void WriteValues(Utf8JsonWriter writer, T value);

    /// <summary>The record from its values: the reader starts on the first and is left on the last.</summary>
    protected abstract T ReadValues(ref Utf8JsonReader reader);

    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        WriteValues(writer, value);
        writer.WriteEndArray();
    }

    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return JsonSerializer.Deserialize<T>(ref reader, AsObject(options))!;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"A stored {typeof(T).Name} is an array or an object.");
        reader.Read();
        var value = ReadValues(ref reader);
        reader.Read();
        return reader.TokenType == JsonTokenType.EndArray ? value : throw new JsonException($"A stored {typeof(T).Name} has more values than it reads.");
    }

    private JsonSerializerOptions AsObject(JsonSerializerOptions options)
    {
        if (_asObject is { } ready) return ready;
        var plain = new JsonSerializerOptions(options);
        plain.Converters.Remove(plain.Converters.First(c => c.GetType() == GetType()));
        return _asObject = plain;
    }
}

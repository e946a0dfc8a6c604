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
    // The options without this converter, for the object form: made once for the options it is used with (a benign race
    // makes it twice at most). A converter put on a member (ListStoredAsArrays) is not among the options: they serve as they are.
    private sealed record ObjectForm(JsonSerializerOptions For, JsonSerializerOptions Options);

    private ObjectForm? _objectForm;

    /// <summary>
    /// The values, in the order <see cref="ReadValues"/> reads them, between the array's brackets; <paramref name="options"/>
    /// are the store's, for a value stored its own way (a list of steps).
    /// </summary>
    protected abstract void WriteValues(Utf8JsonWriter writer, T value, JsonSerializerOptions options);

    /// <summary>The record from its values: the reader starts on the first and is left on the last.</summary>
    protected abstract T ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>
    /// Moves the reader to the next value when there is one, for a record whose last values are written only when set:
    /// false, without moving, at the end of the array.
    /// </summary>
    protected static bool NextValue(ref Utf8JsonReader reader)
    {
        var ahead = reader;
        ahead.Read();
        if (ahead.TokenType == JsonTokenType.EndArray) return false;
        reader.Read();
        return true;
    }

    /// <summary>The string the reader is on; <paramref name="member"/> names it in the error when it is not one.</summary>
    protected static string StringAt(ref Utf8JsonReader reader, string member) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException($"A stored {typeof(T).Name} needs its {member}.");

    /// <summary>The enum value named by the string the reader is on, in any case (<see cref="WriteName{TEnum}"/> writes it).</summary>
    protected static TEnum NameAt<TEnum>(ref Utf8JsonReader reader, string member) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(StringAt(ref reader, member), ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value : throw new JsonException($"A stored {typeof(T).Name} has an unknown {member}.");

    /// <summary>An enum value by its name, as the store writes enums elsewhere.</summary>
    protected static void WriteName<TEnum>(Utf8JsonWriter writer, TEnum value) where TEnum : struct, Enum => writer.WriteStringValue(value.ToString());

    public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        WriteValues(writer, value, options);
        writer.WriteEndArray();
    }

    public sealed override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject) return JsonSerializer.Deserialize<T>(ref reader, AsObject(options))!;
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"A stored {typeof(T).Name} is an array or an object.");
        reader.Read();
        var value = ReadValues(ref reader, options);
        reader.Read();
        return reader.TokenType == JsonTokenType.EndArray ? value : throw new JsonException($"A stored {typeof(T).Name} has more values than it reads.");
    }

    private JsonSerializerOptions AsObject(JsonSerializerOptions options)
    {
        if (_objectForm is { } ready && ReferenceEquals(ready.For, options)) return ready.Options;
        var plain = options;
        if (options.Converters.Any(c => c.GetType() == GetType()))
        {
            plain = new JsonSerializerOptions(options);
            plain.Converters.Remove(plain.Converters.First(c => c.GetType() == GetType()));
        }
        _objectForm = new ObjectForm(options, plain);
        return plain;
    }
}

/// <summary>
/// A document's list whose items the store writes as arrays (<typeparamref name="TStorage"/>), put on that member alone
/// (<c>[JsonConverter(typeof(ListStoredAsArrays&lt;…&gt;))]</c>) for a record the ledger also stores elsewhere as an object,
/// such as an effect inside an event: registering the item's converter on the store's serializer would change how every
/// new event is written too. Reads items of either form.
/// </summary>
public sealed class ListStoredAsArrays<T, TStorage> : JsonConverter<List<T>> where TStorage : StoredAsArray<T>, new()
{
    private readonly TStorage _item = new();

    public override List<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"A stored list of {typeof(T).Name} is an array.");
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(_item.Read(ref reader, typeof(T), options));
        return items;
    }

    public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value) _item.Write(writer, item, options);
        writer.WriteEndArray();
    }
}

/// <summary>A record of two strings stored as <c>["first", "second"]</c>, for a document's small pairs (a source and its voice).</summary>
public abstract class StringPairStorage<T>(Func<T, (string First, string Second)> values, Func<string, string, T> create) : StoredAsArray<T>
{
    protected sealed override void WriteValues(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var (first, second) = values(value);
        writer.WriteStringValue(first);
        writer.WriteStringValue(second);
    }

    protected sealed override T ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var first = StringAt(ref reader, "first value");
        reader.Read();
        return create(first, StringAt(ref reader, "second value"));
    }
}

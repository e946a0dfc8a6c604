using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Text the ledger can store: PostgreSQL refuses NUL in text and in jsonb, and a lone UTF-16 surrogate is not a
/// character at all. Refused at the edge with a 400 naming the field, instead of reaching the database and coming
/// back as an error a client would be told to retry.
/// </summary>
public static class StoredText
{
    public const string Rule = "must not contain NUL or unpaired surrogate characters.";

    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0') return false;
            if (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[++i]))) return false;
            if (char.IsLowSurrogate(c)) return false;
        }
        return true;
    }

    /// <summary>
    /// Every string a request body carries goes through this converter. It throws a JsonException without a message on
    /// purpose: System.Text.Json then adds the JSON path, which <see cref="ProblemShape"/> turns into the field's name.
    /// (It refuses an unpaired surrogate escape itself, the same way.)
    /// </summary>
    public sealed class Converter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && IsStorable(text) ? text : throw new JsonException();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        // Dictionary keys (score tables, problem errors) are strings too.
        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetString() is { } text && IsStorable(text) ? text : throw new JsonException();

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }
}

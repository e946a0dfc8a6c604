using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// JSON text written by hand from a <see cref="JsonNode"/> tree, so that what the fuzzer means is what goes on the wire:
/// a string keeps NUL and lone surrogates (as <c>\u0000</c>, <c>\ud800</c> escapes, which System.Text.Json's writer will
/// not produce), and a number parsed from a raw literal (<c>1e400</c>, <c>-0</c>, <c>79228162514264337593543950336</c>)
/// keeps its exact text.
/// </summary>
public static class JsonText
{
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 10_000 };

    /// <summary>A JSON fragment as a node, exactly as written (numbers keep their literal; nesting up to 10,000 deep).</summary>
    public static JsonNode? Raw(string json) => JsonNode.Parse(json, documentOptions: Deep);

    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (name, value) in obj)
                {
                    if (!first) text.Append(',');
                    first = false;
                    AppendString(text, name);
                    text.Append(':');
                    Append(text, value);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    Append(text, array[i]);
                }
                text.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                AppendString(text, value.GetValue<string>());
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    /// <summary>Control characters and every surrogate (paired or not) as <c>\uXXXX</c>; anything else as itself (UTF-8 on the wire).</summary>
    public static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c == '"') text.Append("\\\"");
            else if (c == '\\') text.Append("\\\\");
            else if (c < 0x20 || char.IsSurrogate(c)) text.Append("\\u").Append(((int)c).ToString("x4"));
            else text.Append(c);
        }
        text.Append('"');
    }

    public static string Quote(string value)
    {
        var text = new StringBuilder();
        AppendString(text, value);
        return text.ToString();
    }
}

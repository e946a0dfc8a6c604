using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Decimals as clients and diffs expect them: 10.23, not 10.2300; 0.08, not 0.080. A decimal keeps the scale of how it
/// was computed, so the same score could otherwise print differently depending on the path that summed it.
/// </summary>
public sealed class CanonicalNumbers : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) => writer.WriteNumberValue(Canonical(value));

    /// <summary>The same value with no trailing zeros after the decimal point (dividing by 1.000… drops them).</summary>
    public static decimal Canonical(decimal value) => value / 1.000000000000000000000000000000000m;
}

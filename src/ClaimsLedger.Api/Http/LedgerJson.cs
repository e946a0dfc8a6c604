using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Http;

public static class LedgerJson
{
    /// <summary>
    /// camelCase members and lower-case enum names on the wire; unknown members are refused so a typo in a
    /// field name is an error, not a silently dropped value.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
    }
}

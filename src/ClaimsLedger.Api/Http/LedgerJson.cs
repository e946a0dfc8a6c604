using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace ClaimsLedger.Api.Http;

public static class LedgerJson
{
    /// <summary>
    /// The options the API writes responses with (ASP.NET Core's own defaults for them, then <see cref="Configure"/>), for JSON
    /// written ahead of a request: a claim's served JSON is rendered as its row is written (<see cref="Claims.ServedClaimJson"/>).
    /// </summary>
    public static JsonSerializerOptions Wire { get; } = CreateWire();

    private static JsonSerializerOptions CreateWire()
    {
        // A copy of what ConfigureHttpJsonOptions starts from (its encoder escapes less than the serializer's default one).
        var options = new JsonSerializerOptions(new Microsoft.AspNetCore.Http.Json.JsonOptions().SerializerOptions);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>
    /// camelCase members and lower-case enum names on the wire; unknown members are refused so a typo in a
    /// field name is an error, not a silently dropped value. Members marked <see cref="NotServedAttribute"/> are
    /// kept in the stored documents (Marten has serializer options of its own) but never written to clients.
    /// </summary>
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.MaxDepth = 32;
        options.Converters.Add(new StoredText.Converter());
        options.Converters.Add(new CanonicalNumbers());
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(DropNotServed);
    }

    private static void DropNotServed(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in type.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(NotServedAttribute), inherit: true) == true).ToList())
            type.Properties.Remove(property);
    }
}

/// <summary>A read model's bookkeeping that the API does not show (say, the history an as-of read is derived from).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotServedAttribute : Attribute;

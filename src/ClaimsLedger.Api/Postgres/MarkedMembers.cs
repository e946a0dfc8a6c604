using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ClaimsLedger.Api.Postgres;

/// <summary>How the store's serializer treats the members marked with one of its attributes (<see cref="ColumnOnlyAttribute"/>, <see cref="StoredWhenSetAttribute"/>).</summary>
public static class MarkedMembers
{
    /// <summary>Calls <paramref name="change"/> for every member marked <typeparamref name="TAttribute"/> of every object type the options serialize.</summary>
    public static void Modify<TAttribute>(JsonSerializerOptions json, Action<JsonTypeInfo, JsonPropertyInfo> change) where TAttribute : Attribute =>
        json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(info =>
        {
            if (info.Kind != JsonTypeInfoKind.Object) return;
            foreach (var property in info.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(TAttribute), inherit: true) == true).ToList())
                change(info, property);
        });
}

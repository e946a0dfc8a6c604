using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A document's list whose items the store writes as arrays of their values (<see cref="Storage"/>, a
/// <see cref="StoredAsArray{T}"/>), for a document the API also serves whole: only Marten's serializer honours it, so the
/// responses keep their objects. (A document never served takes <see cref="ListStoredAsArrays{T, TStorage}"/> on the member
/// itself.) A claim's document (<see cref="Claims.ClaimDetails"/>) named every member of each effect, passage and revision:
/// ~250 of its ~1,350 bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StoredAsArraysAttribute(Type storage) : Attribute
{
    /// <summary>The converter of one item: a <see cref="StoredAsArray{T}"/> with a parameterless constructor.</summary>
    public Type Storage { get; } = storage;

    /// <summary>Stores the marked lists' items as arrays in the JSON the store writes, and reads either form.</summary>
    public static void StoreMarkedListsAsArrays(JsonSerializerOptions json) =>
        MarkedMembers.Modify<StoredAsArraysAttribute>(json, (_, member) =>
        {
            var storage = member.AttributeProvider!.GetCustomAttributes(typeof(StoredAsArraysAttribute), inherit: true).Cast<StoredAsArraysAttribute>().Single().Storage;
            var item = member.PropertyType.IsGenericType && member.PropertyType.GetGenericTypeDefinition() == typeof(List<>)
                ? member.PropertyType.GetGenericArguments()[0]
                : throw new InvalidOperationException($"{member.Name}: only a List<T> is stored as arrays.");
            member.CustomConverter = (JsonConverter)Activator.CreateInstance(typeof(ListStoredAsArrays<,>).MakeGenericType(item, storage))!;
        });
}

using System.Collections;
using System.Text.Json;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// A member of a document left out of the JSON the store writes while it is null or an empty collection: a missing member
/// loads as the member's initial value, which for a marked member is that null or empty collection (<c>StoredWhenSetTests</c>
/// checks each). For documents the API also serves whole, whose responses keep every member: only Marten's serializer
/// honours it. A claim's document (<see cref="Claims.ClaimDetails"/>) stored its reviews, recodings, merges, contestations
/// and retraction, empty for most claims, as ~200 of its ~1,550 bytes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StoredWhenSetAttribute : Attribute
{
    /// <summary>Leaves the marked members out of the JSON the store writes while they are null or empty.</summary>
    public static void LeaveOutWhenUnset(JsonSerializerOptions json) =>
        MarkedMembers.Modify<StoredWhenSetAttribute>(json, (_, member) =>
        {
            var earlier = member.ShouldSerialize;
            member.ShouldSerialize = (owner, value) => IsSet(value) && (earlier is null || earlier(owner, value));
        });

    public static bool IsSet(object? value) => value is not null and not ICollection { Count: 0 };
}

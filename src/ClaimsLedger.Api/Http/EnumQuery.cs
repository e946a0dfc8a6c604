namespace ClaimsLedger.Api.Http;

/// <summary>
/// An enum-valued query parameter names exactly one member. <c>Enum.TryParse</c> is not that parser: it also takes a comma
/// list and ORs its members (<c>proposed,accepted</c> is Proposed | Accepted, the value of Rejected), a number, and spaces
/// around a name; and a repeated parameter (<c>status=a&amp;status=b</c>) reaches the endpoint as such a comma list.
/// </summary>
public static class EnumQuery
{
    public static bool TryParse<T>(string text, StringComparison comparison, out T value) where T : struct, Enum
    {
        var names = Enum.GetNames<T>();
        for (var i = 0; i < names.Length; i++)
            if (string.Equals(names[i], text, comparison))
            {
                value = Enum.GetValues<T>()[i];
                return true;
            }
        value = default;
        return false;
    }
}

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Schema names in the OpenAPI document. Request bodies keep the names clients were generated against
/// ("RecordClaim", not the C# "RecordClaimRequest"); generic types read as Swashbuckle names them by default
/// ("ClaimDetailsPaged").
/// </summary>
public static class SchemaIds
{
    private const string RequestSuffix = "Request";

    public static string For(Type type) => type.IsConstructedGenericType
        ? string.Concat(type.GetGenericArguments().Select(For)) + type.Name[..type.Name.IndexOf('`')]
        : type.Name.EndsWith(RequestSuffix, StringComparison.Ordinal) ? type.Name[..^RequestSuffix.Length] : type.Name;
}

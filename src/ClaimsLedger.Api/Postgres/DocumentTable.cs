namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// The qualified table a document type lives in, for the few statements written in SQL rather than LINQ. Asked of the
/// store each time: a blue/green rebuild's replay runs against a store of its own schema.
/// </summary>
public static class DocumentTable
{
    public static string Of<T>(IDocumentStore store) => Of(store, typeof(T));

    public static string Of(IDocumentStore store, Type documentType) => store.Options.FindOrResolveDocumentType(documentType).TableName.QualifiedName;
}

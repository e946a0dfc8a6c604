namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// Document properties copied into real columns without an index each, for the composite indexes that read them. Marten's
/// <c>Duplicate()</c> adds a one-column index per property: on the busiest documents (contribution spans, contradiction pairs,
/// alignment changes) most of those were never used by a query yet kept up on every write.
/// </summary>
public static class PlainColumns
{
    public static void Add(Marten.Schema.DocumentMapping mapping, params string[] properties)
    {
        foreach (var name in properties)
            mapping.DuplicateField([mapping.DocumentType.GetProperty(name)
                                    ?? throw new ArgumentException($"{mapping.DocumentType.Name} has no property {name}.", nameof(properties))]);
    }
}

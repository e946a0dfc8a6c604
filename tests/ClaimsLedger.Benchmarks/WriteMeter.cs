namespace ClaimsLedger.Benchmarks;

/// <summary>
/// What the server wrote by some moment: rows inserted, updated (of them in place, HOT) and deleted in each table of the
/// ledger's database (<c>pg_stat_user_tables</c>), and the WAL the whole server wrote (<c>pg_stat_wal</c>: bytes, records,
/// full-page images). Two samples' difference over a phase's claims, requests or events is what each one made PostgreSQL
/// write, table by table: the write amplification beside the raw baselines' one row. PostgreSQL's backends publish these
/// counts as their transactions end, at most once a second, and an idle one within ten (<see cref="Published"/>).
/// </summary>
/// <remarks>
/// Tables are keyed by their oid, not their name: a blue/green rebuild fills new tables beside the live ones and moves them
/// into the live ones' places, so a name can stand for another table after a phase than before it. A table dropped during
/// a phase (the replaced live one) leaves its rows out.
/// </remarks>
public sealed record WriteSample(IReadOnlyDictionary<uint, TableWrites> Tables, long WalBytes, long WalRecords, long WalFullPageImages)
{
    /// <summary>
    /// How long after its last write a backend's counts are surely published: PostgreSQL 15 flushes a backend's pending
    /// counts at most once a second, and one that went idle too soon after its last flush waits ten seconds for the next.
    /// </summary>
    public static readonly TimeSpan Published = TimeSpan.FromSeconds(11);

    public WriteSample Minus(WriteSample before) => new(
        Tables.ToDictionary(t => t.Key, t => t.Value.Minus(before.Tables.GetValueOrDefault(t.Key))),
        WalBytes - before.WalBytes, WalRecords - before.WalRecords, WalFullPageImages - before.WalFullPageImages);

    /// <summary>Per item: the WAL, the rows written in all, and the tables that wrote the most rows (at most <paramref name="tables"/>).</summary>
    public JsonObject PerItem(long items, int tables = 12)
    {
        double Per(long count) => Math.Round((double)count / items, 3);
        var written = Tables.Where(t => t.Value.Rows > 0).OrderByDescending(t => t.Value.Rows).ToList();
        return new JsonObject
        {
            ["walBytesPerItem"] = Math.Round((double)WalBytes / items), ["walRecordsPerItem"] = Per(WalRecords),
            ["walFullPageImagesPerItem"] = Per(WalFullPageImages), ["rowsWrittenPerItem"] = Per(written.Sum(t => t.Value.Rows)),
            ["tables"] = new JsonArray([.. written.Take(tables).Select(t => (JsonNode)new JsonObject
            {
                ["table"] = t.Value.Table, ["insertedPerItem"] = Per(t.Value.Inserted), ["updatedPerItem"] = Per(t.Value.Updated),
                ["hotUpdatedPerItem"] = Per(t.Value.HotUpdated), ["deletedPerItem"] = Per(t.Value.Deleted),
            })]),
        };
    }
}

/// <summary>One table's name (its schema's too, outside the ledger's) and cumulative row counts (<c>pg_stat_user_tables</c>).</summary>
public sealed record TableWrites(string Table, long Inserted, long Updated, long HotUpdated, long Deleted)
{
    public long Rows => Inserted + Updated + Deleted;

    /// <summary>What was written since <paramref name="before"/> (nothing: the table is new).</summary>
    public TableWrites Minus(TableWrites? before) => before is null ? this
        : this with { Inserted = Inserted - before.Inserted, Updated = Updated - before.Updated, HotUpdated = HotUpdated - before.HotUpdated, Deleted = Deleted - before.Deleted };
}

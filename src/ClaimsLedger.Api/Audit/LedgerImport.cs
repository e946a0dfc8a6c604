namespace ClaimsLedger.Api.Audit;

/// <summary>An import that was refused, with why and what (if anything) was written.</summary>
public sealed class ImportRefusedException(string message) : Exception(message);

public sealed record ImportResult(long Events, long Checkpoints, long LastSequence, string HeadHash, IReadOnlyList<string> TrustedKeys, double Seconds);

/// <summary>
/// Replays an export into an empty ledger as the same events: same sequences (gaps included), stream ids and versions,
/// event ids, record timestamps, metadata and data, so the new ledger's chain reproduces the exported one link for link.
/// <para>
/// Two passes over the file. The first checks everything (<see cref="ExportReader"/>) and writes nothing, so a broken or
/// altered export is refused before the target is touched. The second checks every line again as it replays it
/// (<see cref="ImportReplay"/>), in transactions of a few thousand events: one transaction for everything would make
/// PostgreSQL keep every version of each stream's row until the end, and slow down with the square of the length.
/// </para>
/// </summary>
public static class LedgerImport
{
    private const string NothingImported = " Nothing was imported.";

    public static async Task<ImportResult> RunAsync(IDocumentStore store, Func<Stream> open, string? trustedKey, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var types = Postgres.StoredEventTypes.Ledger(store);
        var check = new ExportReader(types, trustedKey);
        try
        {
            await using var input = open();
            await foreach (var _ in check.ReadAsync(input, ct)) { }
        }
        catch (ImportRefusedException refused) { throw new ImportRefusedException(refused.Message + NothingImported); }

        await using var replay = await ImportReplay.StartAsync(store, types, ct);
        var replayed = new ExportReader(types, trustedKey);
        await using (var input = open())
        {
            try
            {
                await foreach (var line in replayed.ReadAsync(input, ct)) await replay.AddAsync(line, ct);
                await replay.FinishAsync(ct);
            }
            catch (ImportRefusedException refused)
            {
                throw new ImportRefusedException(refused.Message + (replay.Committed == 0 ? NothingImported
                    : $" The target now holds the events up to sequence {replay.Committed}; empty it before importing again."));
            }
        }
        if (replayed.HeadHash != check.HeadHash || replayed.Events != check.Events)
            throw new ImportRefusedException("The file changed while it was imported; empty the target before importing again.");
        return new ImportResult(check.Events, check.Checkpoints, check.LastSequence, check.HeadHash, [.. check.TrustedKeys.Order(StringComparer.Ordinal)],
            Math.Round(clock.Elapsed.TotalSeconds, 3));
    }
}

using JasperFx.CommandLine;

namespace ClaimsLedger.Api.Audit;

public sealed class ExportInput : NetCoreInput
{
    [Description("The file to write (NDJSON, the same bytes as GET /api/export but for the header's exportedAt)")]
    public string OutFlag { get; set; } = "";
}

/// <summary>Writes the ledger as it stands to a file, without starting the host (nothing is loaded into it first).</summary>
[Description("Exports the ledger as NDJSON: every event with its metadata and chain hash, and the signed checkpoints", Name = "export")]
public sealed class ExportCommand : JasperFxAsyncCommand<ExportInput>
{
    public override async Task<bool> Execute(ExportInput input)
    {
        if (string.IsNullOrWhiteSpace(input.OutFlag))
        {
            await Console.Error.WriteLineAsync("export needs --out FILE.");
            return false;
        }
        using var host = input.BuildHost();
        var path = Path.GetFullPath(input.OutFlag);
        var count = await OfflineLedger.RunAsync(host, async (services, ct) =>
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            return await LedgerExport.WriteAsync(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<AuditSigner>(),
                services.GetRequiredService<TimeProvider>().GetUtcNow(), file, ct);
        });
        await Console.Error.WriteLineAsync($"Wrote {path}: {count} events");
        return true;
    }
}

using JasperFx.CommandLine;

namespace ClaimsLedger.Api.Audit;

public sealed class ImportInput : NetCoreInput
{
    [Description("The export file (NDJSON) to replay")]
    public string File { get; set; } = "";

    [Description("Accept only checkpoints signed by this Ed25519 public key (base64); default: the keys the export's header names")]
    [FlagAlias("public-key", true)]
    public string? PublicKeyFlag { get; set; }
}

/// <summary>
/// Replays an export into an empty ledger (<see cref="LedgerImport"/>) without starting the host: a start would load the
/// seeds and make the ledger non-empty. The async projections (the alignment, the chain) catch up when the API next starts.
/// </summary>
[Description("Replays an export into an empty ledger, verifying its hash chain and signed checkpoints; refuses a broken one", Name = "import")]
public sealed class ImportCommand : JasperFxAsyncCommand<ImportInput>
{
    public override async Task<bool> Execute(ImportInput input)
    {
        if (!System.IO.File.Exists(input.File))
        {
            await Console.Error.WriteLineAsync($"No such file: {Path.GetFullPath(input.File)}");
            return false;
        }
        using var host = input.BuildHost();
        try
        {
            var result = await OfflineLedger.RunAsync(host, (services, ct) =>
                LedgerImport.RunAsync(services.GetRequiredService<IDocumentStore>(), () => System.IO.File.OpenRead(input.File), input.PublicKeyFlag, ct));
            Console.WriteLine($"Imported {result.Events} events (last sequence {result.LastSequence}) in {result.Seconds:0.###} s; " +
                              $"{result.Checkpoints} signed checkpoints verified; chain head {result.HeadHash}");
            Console.WriteLine($"Checkpoints were checked against {string.Join(", ", result.TrustedKeys)}");
            return true;
        }
        catch (ImportRefusedException refused)
        {
            await Console.Error.WriteLineAsync($"Import refused: {refused.Message}");
            return false;
        }
    }
}

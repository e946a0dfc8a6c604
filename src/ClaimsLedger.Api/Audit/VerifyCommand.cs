using System.Text.Json;
using JasperFx.CommandLine;

namespace ClaimsLedger.Api.Audit;

public sealed class VerifyInput : NetCoreInput
{
    [Description("Print the result as JSON (the body of GET /api/audit/verify)")]
    public bool JsonFlag { get; set; }
}

/// <summary>
/// Recomputes the hash chain from the raw events and checks the signed checkpoints, without starting the host: nothing
/// is loaded or projected first, so it reads the ledger exactly as it is. Fails (exit 1) when the chain is broken.
/// </summary>
[Description("Verifies the audit trail: recomputes the hash chain from the raw events and checks the signed checkpoints", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<VerifyInput>
{
    public override async Task<bool> Execute(VerifyInput input)
    {
        using var host = input.BuildHost();
        var result = await OfflineLedger.RunAsync(host, (services, ct) =>
            ChainVerifier.VerifyAsync(services.GetRequiredService<IDocumentStore>(), services.GetRequiredService<AuditSigner>(), ct));
        if (input.JsonFlag)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, JsonSerializerOptions.Web));
            return result.Intact;
        }
        Console.WriteLine($"intact: {(result.Intact ? "true" : "false")}");
        Console.WriteLine($"checked: {result.Checked} events in {result.Seconds:0.###} s ({result.EventsPerSecond:0} events/s); {result.Pending} newer events not chained yet");
        Console.WriteLine($"head: sequence {result.HeadSequence}, {result.HeadHash}");
        Console.WriteLine($"checkpoints: {result.Checkpoints.Valid} of {result.Checkpoints.Checked} valid, trusted key {result.PublicKey}");
        if (result.FirstBrokenSequence is { } first) Console.WriteLine($"firstBrokenSequence: {first}");
        foreach (var b in result.Breaks) Console.WriteLine($"  broken at {b.Sequence}: {b.Problem}");
        return result.Intact;
    }
}

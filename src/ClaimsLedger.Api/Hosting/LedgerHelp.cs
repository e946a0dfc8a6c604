namespace ClaimsLedger.Api.Hosting;

/// <summary>
/// The ledger's own commands, listed before JasperFx's help (which follows with every framework command: run,
/// projections, codegen, db-apply …). Kept here by hand because two of them start no host and never reach JasperFx.
/// </summary>
public static class LedgerHelp
{
    private static readonly (string Command, string What)[] Commands =
    [
        ("(none)", "serve the API (same as `run`)"),
        ("report --subjects KZ,KG [--as-of …] [--format json|markdown|html|csv] [--out FILE]", "an alignment report, as GET /api/reports/alignment"),
        ("projections rebuild [-p NAME]", "rebuild read models with the API stopped (projections list: the names)"),
        ("create-api-key NAME [--role reader|analyst|admin]", "a new API key and the configuration entry that admits it (no database)"),
        ("extract-eval seeds/gold [--details] [--timing]", "score the claim extractor against the gold set (no database)"),
    ];

    public static void Print()
    {
        Console.WriteLine("ClaimsLedger commands (dotnet run --project src/ClaimsLedger.Api -- <command>):");
        foreach (var (command, what) in Commands) Console.WriteLine($"  {command}\n      {what}");
        Console.WriteLine();
        Console.WriteLine("All commands, including the framework's:");
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using JasperFx.CommandLine;

namespace ClaimsLedger.Api.Access;

public sealed class CreateApiKeyInput
{
    [Description("Whose key it is: the actor on every event written with it (letters, digits, @ . _ - +)")]
    public string Name { get; set; } = "";

    [Description("reader, analyst (the default) or admin")]
    public string RoleFlag { get; set; } = Roles.Analyst;
}

/// <summary>
/// Makes a new random key and prints it once, with the configuration entry that admits it. The entry holds only the
/// key's SHA-256, so the configuration never contains a usable secret. Starts no host and touches no database.
/// </summary>
[Description("Creates an API key and prints the configuration entry (ClaimsLedger:ApiKeys) that admits it", Name = "create-api-key")]
public sealed class CreateApiKeyCommand : JasperFxCommand<CreateApiKeyInput>
{
    public static bool IsInvokedBy(string[] args) => args.Length > 0 && string.Equals(args[0], "create-api-key", StringComparison.OrdinalIgnoreCase);

    public override bool Execute(CreateApiKeyInput input)
    {
        if (!ActorNames.IsValid(input.Name)) return Fail($"name {ActorNames.Rule}");
        if (!Roles.IsKnown(input.RoleFlag)) return Fail($"role must be one of {string.Join(", ", Roles.All)}.");

        var key = "clk_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var entry = new ApiKeyOptions { Name = input.Name, KeySha256 = Convert.ToHexStringLower(ApiKeyOptions.Hash(key)), Role = input.RoleFlag };
        Console.WriteLine($"API key for {entry.Name} ({entry.Role}); shown once, keep it secret:");
        Console.WriteLine();
        Console.WriteLine($"  {key}");
        Console.WriteLine();
        Console.WriteLine("Add this entry to ClaimsLedger:ApiKeys (appsettings.json):");
        Console.WriteLine($"  {JsonSerializer.Serialize(new { entry.Name, entry.KeySha256, entry.Role })}");
        Console.WriteLine("or as environment variables (N: the entry's index):");
        Console.WriteLine($"  ClaimsLedger__ApiKeys__N__Name={entry.Name}");
        Console.WriteLine($"  ClaimsLedger__ApiKeys__N__KeySha256={entry.KeySha256}");
        Console.WriteLine($"  ClaimsLedger__ApiKeys__N__Role={entry.Role}");
        Console.WriteLine("Clients send it as X-Api-Key or Authorization: Bearer.");
        return true;
    }

    private static bool Fail(string message)
    {
        Console.Error.WriteLine(message);
        return false;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

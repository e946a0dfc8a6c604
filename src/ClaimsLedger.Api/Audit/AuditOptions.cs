using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Audit;

/// <summary><c>ClaimsLedger:Audit</c> (README, "Proving the audit trail").</summary>
public sealed class AuditOptions
{
    public const string Section = LedgerOptions.Section + ":Audit";

    /// <summary>A signed checkpoint after this many chained events.</summary>
    public int CheckpointEvery { get; set; } = 1000;

    /// <summary>
    /// A signed checkpoint at the first event recorded this many minutes (record time) or more after the previous
    /// checkpoint; 0 turns the rule off.
    /// </summary>
    public int CheckpointMinutes { get; set; } = 60;

    /// <summary>
    /// The Ed25519 signing key: PKCS#8 PEM (<c>openssl genpkey -algorithm ed25519</c>), PKCS#8 DER in base64, or a 32-byte
    /// seed in base64. Unset: a key generated once into the data folder (<see cref="AuditSigner.KeyFileName"/>).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Public keys (base64, 32 bytes) of earlier signing keys whose checkpoints still count as trusted.</summary>
    public List<string> TrustedPublicKeys { get; set; } = [];
}

/// <summary>
/// Checks <c>ClaimsLedger:Audit</c> as part of <see cref="LedgerOptions"/>' validation, so a bad audit setting stops
/// start-up with one line naming it, like every other setting (Program prints <see cref="LedgerConfiguration.Failures"/>).
/// </summary>
public sealed class AuditOptionsValidator(IOptions<AuditOptions> audit) : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var problems = Problems(audit.Value).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public static IEnumerable<string> Problems(AuditOptions options)
    {
        const string at = AuditOptions.Section;
        if (options.CheckpointEvery < 1) yield return $"{at}:CheckpointEvery must be at least 1.";
        if (options.CheckpointMinutes < 0) yield return $"{at}:CheckpointMinutes must be 0 (off) or more.";
        if (options.SigningKey is { } key && SigningKeys.Parse(key) is null)
            yield return $"{at}:SigningKey is not an Ed25519 key (PKCS#8 PEM, PKCS#8 DER in base64, or a 32-byte seed in base64).";
        for (var i = 0; i < options.TrustedPublicKeys.Count; i++)
        {
            if (SigningKeys.PublicKeyBytes(options.TrustedPublicKeys[i]) is null)
                yield return $"{at}:TrustedPublicKeys:{i} is not a 32-byte Ed25519 public key in base64.";
        }
    }
}

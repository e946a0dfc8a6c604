using ClaimsLedger.Api.Configuration;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Parameters;

namespace ClaimsLedger.Api.Audit;

/// <summary>
/// The key that signs checkpoints: <c>ClaimsLedger:Audit:SigningKey</c>, or else one generated once into the data folder
/// and reused by every later start (and by every process on that folder). Kept out of the database on purpose: whoever
/// can rewrite the events must not also find the key that would let them re-sign the checkpoints.
/// The key is loaded when first needed, so a command that signs nothing creates no file.
/// </summary>
public sealed class AuditSigner
{
    public const string KeyFileName = "audit-signing-key.pem";

    private readonly Lazy<(Ed25519PrivateKeyParameters Key, string Source)> _key;
    private readonly IReadOnlyList<string> _formerKeys;

    public AuditSigner(IOptions<AuditOptions> audit, LedgerOptions ledger, ILogger<AuditSigner> logger)
    {
        var options = audit.Value;
        _formerKeys = options.TrustedPublicKeys.Select(k => k.Trim()).ToList();
        _key = new(() => options.SigningKey is { } configured
            ? (SigningKeys.Parse(configured) ?? throw new InvalidOperationException($"{AuditOptions.Section}:SigningKey is not an Ed25519 key."), "configuration")
            : FromKeyFile(Path.Combine(Path.GetFullPath(ledger.DataDirectory), KeyFileName), logger));
    }

    public string PublicKey => SigningKeys.PublicKey(_key.Value.Key);

    /// <summary>"configuration", or the path of the generated key file.</summary>
    public string KeySource => _key.Value.Source;

    /// <summary>Keys whose signatures count: the current one and the configured former ones.</summary>
    public IReadOnlySet<string> TrustedKeys => new HashSet<string>(_formerKeys.Append(PublicKey), StringComparer.Ordinal);

    public string Sign(byte[] message) => SigningKeys.Sign(_key.Value.Key, message);

    private static (Ed25519PrivateKeyParameters, string) FromKeyFile(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written beside and moved into place without overwriting: two processes starting on one data folder
            // both end up with whichever key landed first.
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
                writer.Write(SigningKeys.ToPem(SigningKeys.Generate()));
            try
            {
                File.Move(temporary, path, overwrite: false);
                logger.LogWarning("Generated the audit signing key {Path}; keep it safe and back it up, or configure {Key}",
                    path, $"{AuditOptions.Section}:SigningKey");
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        var key = SigningKeys.Parse(File.ReadAllText(path)) ?? throw new InvalidOperationException($"{path} does not hold an Ed25519 key.");
        return (key, path);
    }
}

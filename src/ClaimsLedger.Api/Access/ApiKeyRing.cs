using System.Security.Cryptography;
using ClaimsLedger.Api.Configuration;

namespace ClaimsLedger.Api.Access;

/// <summary>
/// The configured keys, held only as SHA-256 hashes. A presented key is hashed and compared with every entry in
/// constant time (no early exit), so neither timing nor logs reveal which keys exist.
/// </summary>
public sealed class ApiKeyRing(LedgerOptions options)
{
    private readonly IReadOnlyList<(string Name, string Role, byte[] Hash)> _keys =
        options.ApiKeys.Select(k => (k.Name, k.Role, k.HashBytes() ?? [])).ToList();

    /// <summary>No keys: the local default, where the actor comes from X-Actor and the API listens on loopback only.</summary>
    public bool Configured => _keys.Count > 0;

    public (string Name, string Role)? Find(string presented)
    {
        var hash = ApiKeyOptions.Hash(presented);
        (string, string)? found = null;
        foreach (var key in _keys)
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash)) found = (key.Name, key.Role);
        return found;
    }
}

namespace ClaimsLedger.Api.Claims;

/// <summary>
/// A subject's claim ids in list order, packed: the ids the ledger makes (<c>clm-</c> and 24 hex digits,
/// <see cref="ClaimIdentity"/>) as their 12 bytes each, one array for the whole list, instead of a string object each
/// (~90 bytes). The hot subject's 36,798 ids at 200,000 events take 0.44 MB rather than 3.3 MB. A list holding any other
/// id keeps its strings.
/// </summary>
internal sealed class HeldClaimIds
{
    private const string Prefix = "clm-";
    private const int HexDigits = 24;
    private const int Bytes = HexDigits / 2;

    private readonly byte[]? _packed;
    private readonly string[]? _plain;

    private HeldClaimIds(byte[]? packed, string[]? plain, int count)
    {
        _packed = packed;
        _plain = plain;
        Count = count;
    }

    public int Count { get; }

    public static HeldClaimIds From(string[] ids)
    {
        var packed = new byte[ids.Length * Bytes];
        for (var i = 0; i < ids.Length; i++)
        {
            if (!TryPack(ids[i], packed.AsSpan(i * Bytes, Bytes))) return new HeldClaimIds(null, ids, ids.Length);
        }
        return new HeldClaimIds(packed, null, ids.Length);
    }

    /// <summary>The ids from position <paramref name="skip"/> on, at most <paramref name="take"/> of them.</summary>
    public string[] Slice(long skip, int take)
    {
        if (skip >= Count) return [];
        var count = (int)Math.Min(take, Count - skip);
        if (_plain is not null) return _plain.AsSpan((int)skip, count).ToArray();
        var ids = new string[count];
        for (var i = 0; i < count; i++)
            ids[i] = Prefix + Convert.ToHexStringLower(_packed.AsSpan(((int)skip + i) * Bytes, Bytes));
        return ids;
    }

    private static bool TryPack(string id, Span<byte> into)
    {
        if (id.Length != Prefix.Length + HexDigits || !id.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var hex = id.AsSpan(Prefix.Length);
        // Lower case only: the id is rebuilt in lower case, and an id in upper case is another id.
        foreach (var c in hex)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return Convert.FromHexString(hex, into, out _, out var written) == System.Buffers.OperationStatus.Done && written == Bytes;
    }
}

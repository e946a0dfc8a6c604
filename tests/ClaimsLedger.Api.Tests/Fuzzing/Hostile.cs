using System.Text;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>The values bad input is made of: each catalog is swept value by value, and drawn from at random.</summary>
public static class Hostile
{
    /// <summary>Characters planted in every string: NUL, lone surrogates, bidi and zero-width controls, and a few other troublemakers.</summary>
    public static readonly string[] Characters =
    [
        "\u0000", "\ud800", "\udc00", "\u202e", "\u200b", "\u2066", "\ufeff", "\u0001", "\u007f", "\u00a0", "\ufffd", "\U0001F600", "\u0301", "\\", "\"",
    ];

    /// <summary>Extremes and junk for every date field (validTime, published, asOf, from, to, validFrom, validTo).</summary>
    public static readonly string[] Dates =
    [
        "9999", "0999", "9999-12", "0999-01", "9999-12-31", "0999-12-31", "0001-01-01", "0001", "0000", "10000", "3000", "2999", "1000",
        "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0999-12-31T23:59:59Z",
        "2999-12-31T23:59:59.9999999Z", "2999-12-31T23:59:59-14:00", "1000-01-01T00:00:00+14:00",
        "2999/9999", "0999/2023", "2022/9999-12", "2999-12/9999-12-31", "2023/2022", "2023/2023", "2023/2024/2025", "2023/", "/2023", "/", "2023//2024",
        "2023-02-30", "2023-02-29", "2024-02-29", "2023-13", "2023-00", "2023-W01", "2023-001", "2023-05-18T25:00:00Z", "2023-05-18T10:00:00+99:00",
        "2023-05-18T10:00:00", "2023-05-18 10:00:00", "2023-05-18t10:00:00z", "+2023", "-2023", "２０２３", "２０２３-０５", "1e308", "NaN", "-0", "Infinity",
        "", " ", "null", "2023 ", " 2023", "20230518", "May 2023",
    ];

    /// <summary>Characters the ledger documents it cannot store (README, Errors): NUL and unpaired surrogates.</summary>
    public static bool Unstorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\0') return true;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return true;
        }
        return false;
    }

    /// <summary>The dates above whose year (after conversion to UTC) is outside 1000–2999: documented as a 400 in every date field.</summary>
    public static readonly HashSet<string> DatesOutOfRange =
    [
        "9999", "0999", "9999-12", "0999-01", "9999-12-31", "0999-12-31", "0001-01-01", "0001", "0000", "10000", "3000",
        "9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "0999-12-31T23:59:59Z",
        "2999-12-31T23:59:59-14:00", "1000-01-01T00:00:00+14:00", "2999/9999", "0999/2023", "2022/9999-12", "2999-12/9999-12-31",
    ];

    /// <summary>Integer extremes (start, end, strength, page, pageSize, expectedVersion) as JSON number literals.</summary>
    public static readonly string[] Integers =
    [
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "-1", "0", "-0", "1.5", "1.0", "1e308", "-1e308", "1e400", "1E2", "0.0", "1e-400", "100000000000000000000000000000",
    ];

    /// <summary>Confidence extremes: outside [0, 1], negative zero, denormals, overflow.</summary>
    public static readonly string[] Doubles =
    [
        "-0", "-0.0", "0", "1", "-0.000001", "1.000001", "1.0000000000000002", "2", "-1", "1e308", "-1e308", "1e400", "-1e400", "5e-324", "1e-400",
        "9223372036854775808", "0.99999999999999999999",
    ];

    /// <summary>quantity.value extremes around decimal's range and precision.</summary>
    public static readonly string[] Decimals =
    [
        "79228162514264337593543950335", "-79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950336",
        "0.0000000000000000000000000001", "1e-29", "1e28", "1e29", "1e308", "-1e308", "1e400", "-0", "1.00000000000000000000000000000001", "0",
    ];

    /// <summary>Number-like strings where a number is expected.</summary>
    public static readonly string[] NumericStrings = ["NaN", "Infinity", "-Infinity", "-0", "1e308", "1e400", "0x10", "", " ", "1,5", "１", "12", "abc"];

    /// <summary>Integer-like query values: the numbers above, written as a client might.</summary>
    public static readonly string[] IntegerTexts =
    [
        .. Integers, "abc", "", " ", "1,2", "+1", "0x10", "１", "NaN", "Infinity", "-Infinity", " 1", "1 ", "10738419", "5001", "5002", "000000000001",
    ];

    /// <summary>Route values that name nothing, or nothing sensible.</summary>
    public static readonly string[] RouteValues =
    [
        "no-such-thing", "clm-0000000000000000000000000000000000000000000000000000000000000000", "rebuild-x", "sub-x", "..", ".", "%2F", "a%2Fb",
        "%20", "a b", "ＫＺ", "\u202eKZ", "KZ\u200b", "\ud800", "\udc00", "\u0001", "\U0001F600", "%", "%zz", "null", "[]", "{}", "'; drop table x; --",
        new string('a', 3000),
    ];

    /// <summary>"." and ".." are dot segments: the client resolves them to another URL before anything is sent.</summary>
    public static bool DotSegment(string routeValue) => routeValue is "." or "..";

    /// <summary>A string over a documented maximum length.</summary>
    public static string Over(int maxLength) => new('x', maxLength + 1);

    /// <summary>A string value with one hostile character planted at the start, the middle or the end.</summary>
    public static string Plant(string valid, string character, int where) => where switch
    {
        0 => character + valid,
        1 => valid.Insert(SafeMiddle(valid), character),
        _ => valid + character,
    };

    private static int SafeMiddle(string text)
    {
        var at = text.Length / 2;
        return at > 0 && at < text.Length && char.IsLowSurrogate(text[at]) ? at - 1 : at;
    }

    public static readonly Gen<string> Character = Gen.OneOf(Characters);

    /// <summary>Random text, lone surrogates and control characters included (CsCheck's chars cover the whole UTF-16 range).</summary>
    public static readonly Gen<string> RandomText = Gen.Frequency(
        (3, Gen.String[0, 40]),
        (1, Gen.String[0, 400]),
        (1, Gen.Char.Array[1, 30].Select(chars => new string(chars))));

    /// <summary>
    /// Percent-encodes a query or route value byte by byte. Paired surrogates become their UTF-8; a lone surrogate becomes the
    /// three bytes a careless encoder (WTF-8, CESU) writes for it, which is the nearest a client can come to sending one.
    /// </summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or '~') { text.Append(c); continue; }
            int codePoint = c;
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) codePoint = char.ConvertToUtf32(c, value[++i]);
            foreach (var b in Utf8(codePoint)) text.Append('%').Append(b.ToString("X2"));
        }
        return text.ToString();
    }

    private static byte[] Utf8(int cp) => cp switch
    {
        < 0x80 => [(byte)cp],
        < 0x800 => [(byte)(0xC0 | cp >> 6), (byte)(0x80 | cp & 0x3F)],
        < 0x10000 => [(byte)(0xE0 | cp >> 12), (byte)(0x80 | cp >> 6 & 0x3F), (byte)(0x80 | cp & 0x3F)],
        _ => [(byte)(0xF0 | cp >> 18), (byte)(0x80 | cp >> 12 & 0x3F), (byte)(0x80 | cp >> 6 & 0x3F), (byte)(0x80 | cp & 0x3F)],
    };

    /// <summary>Escapes what would hide in a failure message (controls, surrogates, bidi and zero-width characters).</summary>
    public static string Visible(string text, int max = 600)
    {
        var shown = new StringBuilder();
        foreach (var c in text)
        {
            if (shown.Length >= max) { shown.Append($"… ({text.Length:N0} chars)"); break; }
            if (c < 0x20 || c == 0x7f || char.IsSurrogate(c) || c is >= '\u200b' and <= '\u200f' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' or '\ufeff')
                shown.Append("\\u").Append(((int)c).ToString("x4"));
            else shown.Append(c);
        }
        return shown.ToString();
    }
}

using CsCheck;

namespace ClaimsLedger.Api.Tests.Fuzzing;

public enum ParamKind { Instant, ValidTime, Integer, Code, Subjects, Id }

/// <summary>A query parameter or route value: its name, what it is, values that are valid, and near misses of its vocabulary.</summary>
public sealed record Param(string Name, ParamKind Kind, string[] Valid, bool Required = false, string[]? NearMisses = null);

/// <summary>
/// A GET endpoint and valid requests to it. <see cref="Sweep"/> puts every value of each parameter's catalog into each
/// parameter and the route value once; <see cref="Random"/> breaks one or two of them at a time, overflows paging, mangles
/// the query string itself or a header.
/// </summary>
public sealed class QueryTarget(string name, string route, Param? routeParam, params Param[] parameters)
{
    public string Name { get; } = name;

    /// <summary>Read your own writes: every GET under /api takes it; a position no write has reached is the client's mistake.</summary>
    public static readonly Param MinPosition = new("minPosition", ParamKind.Integer, ["0", "1"]);

    private readonly Param[] query = [.. parameters, MinPosition];
    private readonly bool _paging = parameters.Any(q => q.Name == "pageSize");

    public static readonly string[] SubjectNearMisses = ["kz", "KZ ", "XX", "EU", "WEST", "CENTRAL ASIA", "central_asia", "ＫＺ", "K", "KAZ", "KZ,KG"];

    private static readonly string[] Common = ["", " ", "null", "undefined", "[]", "{}", "a&b=c", "#", "+", "%", "%00", "1e308", "NaN", "-0"];

    private static readonly string[] Subjects =
    [
        "KZ,KG", ",", ",,,", "KZ,,KG", "KZ,kz", "KZ;KG", "KZ KG", "KZ,KZ,KZ", " KZ , KG ", "KZ," + new string(',', 10_000),
        string.Join(",", "KZ KG TJ UZ TM AM AZ GE BY IN PK CN RU TR US IR AF MN UA MD LT".Split(' ')),
        string.Join(",", "KZ KG TJ UZ TM AM AZ GE BY IN PK CN RU TR US IR AF MN UA MD".Split(' ')),
    ];

    /// <summary>Raw query text appended as it is, unencoded: broken escapes, missing names or values, odd separators.</summary>
    private static readonly string[] RawQueries =
    [
        "page=%", "%zz=1", "=1", "page", "&&&", "page=1&&pageSize=", "page[]=1", "page=1;pageSize=2", "%00=1", "page%00=1", "asOf=%ED%A0%80",
        "subject=%FF", "subject=%C0%80", "from=%E2%80%AE2024", "x=" + new string('y', 8000),
    ];

    /// <summary>Raw route segments, unencoded: escaped slashes, broken escapes, bytes that are not UTF-8.</summary>
    private static readonly string[] RawSegments = ["%2F", "a%2Fb", "%ZZ", "..%2F..", "%C0%AF", "%ED%A0%80", "%FF", "%E2%80%AE", "%20"];

    /// <summary>Names no parameter has: control and bidi characters (refused as "query"), and near misses (ignored, or read case-insensitively).</summary>
    private static readonly (string Name, bool MustName)[] HostileNames =
        [("\u0000", true), ("a\u0000b", true), ("\ud800", false), ("a\u202eb", false), ("", false), ("page\u200b", false), ("PAGE", false), ("Subject", false)];

    public static IEnumerable<string> Catalog(Param param)
    {
        var valid = param.Valid[0];
        foreach (var value in Common) yield return value;
        foreach (var c in Hostile.Characters)
        {
            yield return c;
            yield return Hostile.Plant(valid, c, 1);
        }
        yield return new string('K', 10_000);
        var kind = param.Kind switch
        {
            ParamKind.Instant or ParamKind.ValidTime => Hostile.Dates,
            ParamKind.Integer => Hostile.IntegerTexts,
            ParamKind.Subjects => Subjects,
            _ => [],
        };
        foreach (var value in kind) yield return value;
        foreach (var value in param.NearMisses ?? []) yield return value;
    }

    /// <summary>
    /// Documented as invalid in a query value (so it must be refused): NUL (lone surrogates cannot arrive: they are decoded as
    /// U+FFFD), and a date whose year is outside 1000–2999. A route value here never names anything that exists.
    /// </summary>
    public bool Invalid(Param param, string value) =>
        param == routeParam && !Hostile.DotSegment(value) || value.Contains('\0') || param.Kind is ParamKind.Instant or ParamKind.ValidTime && Hostile.DatesOutOfRange.Contains(value);

    private string Path(string? routeValue, bool raw = false) =>
        routeParam is null ? route : route.Replace("{" + routeParam.Name + "}", raw ? routeValue : Hostile.Encode(routeValue ?? routeParam.Valid[0]));

    private static string Query(IEnumerable<(string Name, string Value)> pairs)
    {
        var text = string.Join("&", pairs.Select(p => $"{Hostile.Encode(p.Name)}={Hostile.Encode(p.Value)}"));
        return text.Length == 0 ? "" : "?" + text;
    }

    private static FuzzRequest Get(string path, string mutation, IReadOnlyList<string> touched, bool mustName) =>
        new(HttpMethod.Get, path, null, null, [], mutation, touched, mustName);

    private IEnumerable<(string, string)> Required() => query.Where(q => q.Required).Select(q => (q.Name, q.Valid[0]));

    public FuzzRequest Valid() => Get(Path(null) + Query(Required()), "valid", [], false);

    public IEnumerable<FuzzRequest> Sweep()
    {
        if (routeParam is not null)
        {
            foreach (var value in Catalog(routeParam).Concat(Hostile.RouteValues).Where(v => v.Length > 0 && !v.Contains('\0')).Distinct())
                yield return Get(Path(value) + Query(Required()), $"{routeParam.Name} ← {Hostile.Visible(value, 60)}", [routeParam.Name], true) with { MustRefuse = Invalid(routeParam, value) };
            foreach (var raw in RawSegments)
                yield return Get(Path(raw, raw: true) + Query(Required()), $"{routeParam.Name} ← raw {raw}", [routeParam.Name], false);
        }
        foreach (var param in query)
        {
            var others = Required().Where(r => r.Item1 != param.Name).ToList();
            foreach (var value in Catalog(param))
                yield return Get(Path(null) + Query([.. others, (param.Name, value)]), $"{param.Name} ← {Hostile.Visible(value, 60)}", [param.Name], true)
                    with { MustRefuse = Invalid(param, value) };
            yield return Get(Path(null) + Query([.. others, (param.Name, param.Valid[0]), (param.Name, param.Valid[^1])]), $"{param.Name} twice", [param.Name], true);
            if (param.Required)
                yield return Get(Path(null) + Query(others), $"{param.Name} missing", [param.Name], true) with { MustRefuse = true };
        }
        foreach (var request in Queries()) yield return request;
        foreach (var (header, values) in Headers)
        foreach (var value in values)
            yield return HeaderRequest(header, value);
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch })
            yield return Valid() with { Method = method, Mutation = $"method {method}" };
        yield return Valid();
    }

    /// <summary>The query string as a whole: paging that overflows, hostile names, raw text.</summary>
    private IEnumerable<FuzzRequest> Queries()
    {
        var path = Path(null);
        var required = Required().ToList();
        if (_paging)
            foreach (var (page, size) in new[] { ("10738419", "200"), ("2147483647", "200"), ("2147483647", "2147483647"), ("5002", "200"), ("5001", "200"), ("5000", "200"), ("1000001", "1"), ("1000000", "1"), ("-2147483648", "200"), ("1", "2147483647"), ("0", "0") })
                yield return Get(path + Query([.. required, ("page", page), ("pageSize", size)]), $"page={page}&pageSize={size}", ["page", "pageSize"], true)
                    with { MustRefuse = (page, size) is not (("5000", "200") or ("1000000", "1")) }; // those end at item 1,000,000; the next pages start beyond it
        foreach (var (name, mustName) in HostileNames)
            yield return Get(path + Query([.. required, (name, "1")]), $"parameter named {Hostile.Visible(JsonText.Quote(name))}", ["query", name], mustName)
                with { MustRefuse = name.Contains('\0') };
        var prefix = path + Query(required);
        foreach (var raw in RawQueries)
            yield return Get(prefix + (prefix.Contains('?') ? "&" : "?") + raw, $"raw query {Hostile.Visible(raw, 60)}", [], false);
    }

    /// <summary>The headers a read may carry: the commands' (but If-Match), and the header form of minPosition.</summary>
    private static readonly (string Header, string[] Values)[] Headers =
    [
        .. CommandTarget.Headers.Where(h => h.Header != "If-Match"),
        // Reports pick their rendering from Accept when format= is absent; every other read answers JSON whatever it asks.
        ("Accept", ["text/html", "text/csv;q=0, text/html;q=0.9", "text/*", "*/*;q=abc", "text/markdown;q=1e400", "application/json;q=-1", "application/xml",
            "garbage", ",", ";;;", "a/b/c", "text/html;charset=\u0001", "é/é", string.Join(",", Enumerable.Repeat("text/plain;q=0.1", 500))]),
        ("X-Ledger-Min-Position", ["", "-1", "1.5", "abc", "9223372036854775807", "9223372036854775808", "99999999", "\u0001", "1 ", "+1", "0x10"]),
    ];

    /// <summary>Idempotency-Key is checked on every request, reads included; X-Actor and X-Correlation-Id never refuse a read.</summary>
    private FuzzRequest HeaderRequest(string header, string value) => Valid().WithHeader(header, value) with
    {
        Mutation = $"{header} ← {Hostile.Visible(value, 60)}", Touched = [header], MustName = header is "Idempotency-Key" or "X-Ledger-Min-Position",
        MustRefuse = header == "Idempotency-Key" && !CommandTarget.ValidIdempotencyKey(value),
    };

    public Gen<FuzzRequest> Random
    {
        get
        {
            var all = (routeParam is null ? [] : new[] { routeParam }).Concat(query).ToArray();
            var queries = Gen.OneOf(Queries().ToArray());
            var headers = Gen.Int[0, Headers.Length - 1].SelectMany(h =>
            {
                var (header, values) = Headers[h];
                return Gen.OneOf(Gen.OneOf(values), Hostile.RandomText.Select(s => s.Replace("\r", "").Replace("\n", "")))
                    .Select(value => HeaderRequest(header, value));
            });
            // No parameters at all (GET /api/alignments): unknown ones, the query string itself, headers.
            if (all.Length == 0)
                return Gen.Frequency((3, queries), (2, headers), (1, Gen.Select(Hostile.RandomText, Hostile.RandomText,
                    (name, value) => Get(Path(null) + Query([(name, value)]), $"{Hostile.Visible(name, 30)} ← {Hostile.Visible(value, 30)}", ["query", name], false))));
            // A valid base: the required parameters and about half of the others, each with one of its valid values.
            var baseline = Gen.Select(
                Gen.Bool.Array[query.Length],
                Gen.Int[0, 100].Array[query.Length],
                (include, pick) => query.Select((q, i) => (q, include[i], pick[i]))
                    .Where(x => x.q.Required || x.Item2).Select(x => (x.q.Name, x.q.Valid[x.Item3 % x.q.Valid.Length])).ToList());
            var hostile = Gen.Int[0, all.Length - 1].SelectMany(i => Gen.Frequency(
                    (3, Gen.OneOf(Catalog(all[i]).ToArray())),
                    (2, Gen.Select(Hostile.Character, Gen.Int[0, 2], (c, where) => Hostile.Plant(all[i].Valid[0], c, where))),
                    (1, Hostile.RandomText),
                    (1, Gen.Select(Gen.Char, Gen.Int[0, 2], (c, where) => Hostile.Plant(all[i].Valid[0], c.ToString(), where))))
                .Select(value => (Param: all[i], Value: value)));
            var broken = Gen.Select(baseline, Gen.Frequency((3, Gen.Const(1)), (1, Gen.Const(2))).SelectMany(n => hostile.Array[n]), (pairs, changes) =>
            {
                var routeValue = changes.LastOrDefault(c => c.Param == routeParam).Value;
                if (routeValue is not null && (routeValue.Length == 0 || routeValue.Contains('\0'))) routeValue = "\u202e";
                var changed = changes.Where(c => c.Param != routeParam).ToList();
                var query = pairs.Where(p => changed.All(c => c.Param.Name != p.Item1)).Concat(changed.Select(c => (c.Param.Name, c.Value)));
                return Get(Path(routeValue) + Query(query),
                    string.Join("; ", changes.Select(c => $"{c.Param.Name} ← {Hostile.Visible(c.Value, 60)}")), changes.Select(c => c.Param.Name).Distinct().ToList(), true)
                    with { MustRefuse = changes.Any(c => Invalid(c.Param, c.Value)) };
            });
            var valid = baseline.Select(pairs => Get(Path(null) + Query(pairs), "valid", [], false));
            return Gen.Frequency((8, broken), (2, valid), (2, queries), (1, headers));
        }
    }
}

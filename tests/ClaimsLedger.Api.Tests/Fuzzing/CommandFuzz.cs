using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// One edit of one body field: drop it, or put a raw JSON fragment in its place (any text at all, valid JSON or not).
/// <paramref name="Inner"/> names a member the fragment adds inside the field (an unknown one), which is what a problem names.
/// <paramref name="Invalid"/>: documented as invalid whatever else the request says, so it must be refused.
/// </summary>
public sealed record Edit(string Label, string? Json, string? Inner = null, bool Invalid = false)
{
    public static readonly Edit Missing = new("missing", null);

    public static Edit Literal(string json, bool invalid = false) => new(json, json, Invalid: invalid);

    public static Edit Text(string value, string? label = null, bool invalid = false) =>
        new(label ?? JsonText.Quote(value), JsonText.Quote(value), Invalid: invalid || Hostile.Unstorable(value));

    public override string ToString() => Label;
}

/// <summary>A field of a body: where it is (segments: member names and array indexes), how the API names it, and what it is.</summary>
public sealed record FieldPath(IReadOnlyList<object> Segments, string Name, Field Field, bool Present);

/// <summary>
/// A command endpoint and a valid request to it. Every request the fuzzer sends is this one with something broken: a body field
/// (each member of each object and each array element, nested ones included), the whole body, a header, the route value or the
/// content type. <see cref="Sweep"/> goes through every field × every value of its kind's catalog once; <see cref="Random"/>
/// draws from the same catalogs plus random values, several changes at a time.
/// </summary>
public sealed class CommandTarget
{
    private const string Placeholder = "\ue000fuzz\ue000";
    private static readonly string QuotedPlaceholder = JsonText.Quote(Placeholder);
    public const string Actor = "fuzz@example.org";

    public string Name { get; }
    private readonly string _route;
    private readonly string? _id;
    private readonly JsonObject _body;
    private readonly bool _admin;
    private readonly bool _versioned;
    private readonly bool _command;
    private readonly Gen<Action<JsonObject>> _fresh;
    public IReadOnlyList<FieldPath> Paths { get; }

    /// <param name="route">the path, with <c>{id}</c> where the route value goes</param>
    /// <param name="optional">members the valid body leaves out that the fuzzer may add (expectedVersion)</param>
    /// <param name="fresh">
    /// Makes a valid body new to the ledger (another source id and text, another statement, span or grade) without changing
    /// its members. Random requests start from one: a valid request that changes nothing never reaches the store, so a
    /// hostile value in it would go untested once the first one has been applied.
    /// </param>
    /// <param name="command">whether the endpoint sends a command, and so needs an actor (the extraction preview records nothing)</param>
    public CommandTarget(string name, string route, string? id, JsonObject body, IReadOnlyList<string>? optional = null, Gen<Action<JsonObject>>? fresh = null,
        bool command = true)
    {
        _command = command;
        Name = name;
        _route = route;
        _id = id;
        _body = body;
        _fresh = fresh ?? Gen.Const<Action<JsonObject>>(_ => { });
        _admin = route.StartsWith("/api/admin", StringComparison.Ordinal);
        _versioned = optional?.Contains("expectedVersion") == true;
        var paths = new List<FieldPath>();
        Collect(body, [], "", paths);
        foreach (var member in optional ?? []) paths.Add(new FieldPath([member], member, Field.Of(member), Present: false));
        Paths = paths;
    }

    private static void Collect(JsonNode? node, List<object> at, string name, List<FieldPath> paths)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (member, value) in obj)
                {
                    var path = name.Length == 0 ? member : $"{name}.{member}";
                    List<object> segments = [.. at, member];
                    paths.Add(new FieldPath(segments, path, Field.Of(member), Present: true));
                    Collect(value, segments, path, paths);
                }
                break;
            case JsonArray array:
                var element = Field.Of(LastName(at) + "[]");
                for (var i = 0; i < array.Count; i++)
                {
                    List<object> segments = [.. at, i];
                    paths.Add(new FieldPath(segments, $"{name}[{i}]", element, Present: true));
                    Collect(array[i], segments, $"{name}[{i}]", paths);
                }
                break;
        }
    }

    private static string LastName(List<object> segments) => segments.OfType<string>().LastOrDefault() ?? "";

    // ---------------------------------------------------------------- the valid request and its parts

    public string ValidJson => JsonText.Write(_body);

    private string PathWith(string? id) => id is null ? _route : _route.Replace("{id}", Hostile.Encode(id));

    private FuzzRequest Request(string body, string mutation, IReadOnlyList<string> touched, bool mustName, string actor = Actor) =>
        new(HttpMethod.Post, PathWith(_id), FuzzRequest.Utf8(body), FuzzRequest.Json, [new("X-Actor", actor)], mutation, touched, mustName);

    public FuzzRequest Valid(string actor = Actor) => Request(ValidJson, "valid", [], false, actor);

    private FuzzRequest Fresh(Action<JsonObject> fresh, string actor = Actor) => Request(Apply([], fresh).Body, "valid", [], false, actor);

    /// <summary>
    /// The body with the edits applied in order, and the edits that are in it: one whose field is gone (an earlier edit dropped or
    /// replaced what held it) or was replaced as a whole by a later edit is left out. Each fragment goes in as a placeholder string, replaced in the written text.
    /// </summary>
    public (string Body, List<(FieldPath Path, Edit Edit)> Applied) Apply(IEnumerable<(FieldPath Path, Edit Edit)> edits, Action<JsonObject>? fresh = null)
    {
        var body = (JsonObject)_body.DeepClone();
        fresh?.Invoke(body);
        var fragments = new List<string>();
        var applied = new List<(FieldPath Path, Edit Edit)>();
        foreach (var (path, edit) in edits)
        {
            if (!Place(body, path.Segments, edit.Json is null ? null : $"{Placeholder}{fragments.Count}{Placeholder}")) continue;
            if (edit.Json is not null) fragments.Add(edit.Json);
            // An edit of a field replaces whatever earlier edits put inside it: they are no longer in the request.
            applied.RemoveAll(e => e.Path.Segments.Count > path.Segments.Count && e.Path.Segments.Take(path.Segments.Count).SequenceEqual(path.Segments));
            applied.Add((path, edit));
        }
        var text = JsonText.Write(body);
        for (var i = 0; i < fragments.Count; i++) text = text.Replace(JsonText.Quote($"{Placeholder}{i}{Placeholder}"), fragments[i]);
        return (text, applied);
    }

    private static bool Place(JsonNode root, IReadOnlyList<object> segments, string? placeholder)
    {
        JsonNode? parent = root;
        for (var i = 0; i < segments.Count - 1; i++)
        {
            parent = segments[i] switch
            {
                string member when parent is JsonObject o && o.ContainsKey(member) => o[member],
                int index when parent is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
            if (parent is null) return false;
        }
        switch (segments[^1], parent)
        {
            case (string member, JsonObject o):
                if (placeholder is null) o.Remove(member);
                else o[member] = JsonValue.Create(placeholder);
                return true;
            case (int index, JsonArray a) when index < a.Count:
                if (placeholder is null) a.RemoveAt(index);
                else a[index] = JsonValue.Create(placeholder);
                return true;
            default:
                return false;
        }
    }

    private FuzzRequest FieldRequest(IReadOnlyList<(FieldPath Path, Edit Edit)> edits, string actor = Actor, Action<JsonObject>? fresh = null)
    {
        var (body, applied) = Apply(edits, fresh);
        var mutation = string.Join("; ", applied.Select(e => $"{e.Path.Name} ← {e.Edit.Label}"));
        // An unknown member added inside a field is named as the client spelled it, where it put it.
        var touched = applied.Select(e => e.Edit.Inner is { } inner ? $"{e.Path.Name}.{inner}" : e.Path.Name).ToList();
        return Request(body, mutation, touched, mustName: true, actor) with { MustRefuse = applied.Any(e => e.Edit.Invalid) };
    }

    // ---------------------------------------------------------------- catalogs

    private static readonly string[] WrongForText = ["0", "-1", "1e308", "1.5", "true", "false", "{}", "[]", "[\"x\"]", "{\"value\":\"x\"}"];
    private static readonly string[] WrongForNumber = ["\"abc\"", "true", "false", "{}", "[]", "[1]", "{\"value\":1}"];
    private static readonly string[] WrongForBoolean = ["\"x\"", "\"true\"", "\"false\"", "1", "0", "2", "{}", "[]", "\"\""];

    public static readonly string DeepArray = new string('[', 3000) + new string(']', 3000);
    public static readonly string DeepObject = string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000);

    /// <summary>Every value the sweep puts in a field of this kind: nulls, wrong types, extremes, hostile characters, over-long text.</summary>
    public static IEnumerable<Edit> Catalog(FieldPath path, JsonNode? valid)
    {
        var field = path.Field;
        if (path.Present) yield return Edit.Missing;
        yield return Edit.Literal("null");
        switch (field.Kind)
        {
            case FieldKind.Text or FieldKind.Date:
                foreach (var wrong in WrongForText) yield return Edit.Literal(wrong, invalid: true);
                var text = valid?.GetValueKind() == System.Text.Json.JsonValueKind.String ? valid.GetValue<string>() : "x";
                foreach (var c in Hostile.Characters)
                {
                    yield return Edit.Text(c);
                    yield return Edit.Text(Hostile.Plant(text, c, 1), $"{Hostile.Visible(c)} planted in \"{Hostile.Visible(text, 40)}\"");
                }
                yield return Edit.Text("");
                yield return Edit.Text("  \t ");
                if (field.Kind == FieldKind.Date) foreach (var date in Hostile.Dates) yield return Edit.Text(date, invalid: Hostile.DatesOutOfRange.Contains(date));
                if (field.MaxLength is { } max) yield return Edit.Text(Hostile.Over(max), $"{max + 1:N0} characters (max {max:N0})", invalid: true);
                else if (path.Name != "text") yield return Edit.Text(new string('K', 20_000), "20,000 characters");
                break;
            case FieldKind.Integer or FieldKind.Number or FieldKind.Decimal:
                foreach (var wrong in WrongForNumber) yield return Edit.Literal(wrong, invalid: true);
                var literals = field.Kind switch { FieldKind.Integer => Hostile.Integers, FieldKind.Number => Hostile.Doubles, _ => Hostile.Decimals };
                // Only confidence (the one double) has a documented range; the integers' and decimals' ranges differ per field.
                foreach (var literal in literals) yield return Edit.Literal(literal, invalid: field.Kind == FieldKind.Number && OutsideUnitInterval(literal));
                foreach (var s in Hostile.NumericStrings) yield return Edit.Text(s, invalid: s is not ("12" or "-0"));
                break;
            case FieldKind.Boolean:
                foreach (var wrong in WrongForBoolean) yield return Edit.Literal(wrong, invalid: true);
                break;
            case FieldKind.Object:
                foreach (var wrong in new[] { "[]", "[{}]", "\"x\"", "\"{}\"", "1", "true" }) yield return Edit.Literal(wrong, invalid: true);
                yield return Edit.Literal("{}");
                if (valid is JsonObject obj)
                {
                    yield return new Edit("+ \"unexpected\": 1", WithMember(obj, "unexpected", "1"), "unexpected", Invalid: true);
                    yield return new Edit("+ \"unexpected\": [[[… 3000 deep", WithMember(obj, "unexpected", DeepArray), "unexpected", Invalid: true);
                }
                yield return new Edit("{\"a\":{\"a\":… 3000 deep", DeepObject, "a", Invalid: true);
                break;
            case FieldKind.Array:
                yield return Edit.Literal("[]");
                foreach (var wrong in new[] { "{}", "\"x\"", "\"[]\"", "1", "true", "[null]", "[1]", "[\"x\"]", "[[]]", "[{}]" }) yield return Edit.Literal(wrong, invalid: true);
                if (valid is JsonArray { Count: > 0 } array)
                {
                    var element = JsonText.Write(array[0]);
                    yield return new Edit($"13 × {Hostile.Visible(element, 60)}", "[" + string.Join(",", Enumerable.Repeat(element, 13)) + "]");
                    yield return new Edit($"1,000 × {Hostile.Visible(element, 60)}", "[" + string.Join(",", Enumerable.Repeat(element, 1000)) + "]");
                }
                yield return new Edit("[[[… 3000 deep", DeepArray, Invalid: true);
                break;
        }
        foreach (var near in field.NearMisses ?? []) yield return Edit.Text(near);
    }

    /// <summary>Confidence is a number from 0 to 1 (negative zero and underflow to zero included).</summary>
    private static bool OutsideUnitInterval(string literal) =>
        !double.TryParse(literal, System.Globalization.NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d) || d is < 0 or > 1;

    private static string WithMember(JsonObject obj, string name, string json)
    {
        var text = JsonText.Write(obj);
        return text.Length == 2 ? $"{{{JsonText.Quote(name)}:{json}}}" : $"{text[..^1]},{JsonText.Quote(name)}:{json}}}";
    }

    /// <summary>Names of members no request has; only a plain one must come back named as sent.</summary>
    private static readonly string[] UnknownNames = ["unexpected", "$type", "$id", "__proto__", "", "\u0000", "a\u202eb", "\ud800", "SUBJECT", "Reason"];

    /// <summary>Whole bodies: not an object, not JSON, nested 3000 deep, with a byte-order mark or trailing junk.</summary>
    private IEnumerable<(string Label, byte[] Body, bool NamesBody, string Touched, bool Invalid)> Bodies()
    {
        var valid = ValidJson;
        foreach (var notAnObject in new[] { "null", "[]", "[{}]", $"[{valid}]", "\"x\"", "1", "true", "\"{}\"" })
            // No body (null) asks a rebuild of every projection; anything else that is not an object is refused everywhere.
            yield return (notAnObject.Length > 40 ? "[valid body]" : notAnObject, FuzzRequest.Utf8(notAnObject), true, "body", !(notAnObject == "null" && _admin));
        foreach (var junk in new[] { "", " ", "{}", "{", "}", "{\"a\":", "{\"subject\":}", "{'reason':'x'}", "{reason:\"x\"}", "{\"reason\":\"x\",}", "/* c */{}", "}{", "\u0000", "{\"reason\":\"x\"\u0000}" })
            yield return (junk, FuzzRequest.Utf8(junk), false, "body", junk is not ("" or " " or "{}"));
        yield return ("valid + trailing junk", FuzzRequest.Utf8(valid + " x"), false, "body", true);
        yield return ("valid twice", FuzzRequest.Utf8(valid + valid), false, "body", true);
        yield return ("valid, truncated", FuzzRequest.Utf8(valid[..(valid.Length / 2)]), false, "body", true);
        yield return ("byte-order mark + valid", [0xEF, 0xBB, 0xBF, .. FuzzRequest.Utf8(valid)], false, "body", false);
        yield return ("[[[… 3000 deep", FuzzRequest.Utf8(DeepArray), false, "body", true);
        yield return ("{\"a\":{\"a\":… 3000 deep", FuzzRequest.Utf8(DeepObject), false, "body", true);
        // Bytes that are not UTF-8 inside a string value: a raw 0xFF, an overlong NUL, an encoded surrogate.
        foreach (var bad in new byte[][] { [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80] })
            yield return ($"invalid UTF-8 {Convert.ToHexString(bad)} in a string", Splice(valid, bad), false, "body", false);
        foreach (var name in UnknownNames)
            yield return ($"unknown member {JsonText.Quote(name)}", FuzzRequest.Utf8(WithMember(_body, name, "1")), false, name, !name.StartsWith('$') && name is not ("SUBJECT" or "Reason"));
    }

    /// <summary>A plain unknown member at the top of the body must come back named as sent.</summary>
    private FuzzRequest UnknownMember(string actor) =>
        Request(WithMember(_body, "unexpected", "1"), "+ \"unexpected\": 1", ["unexpected"], true, actor) with { MustRefuse = true };

    /// <summary>The valid body with raw bytes inserted right after the first string's opening quote.</summary>
    private byte[] Splice(string valid, byte[] bad)
    {
        var bytes = FuzzRequest.Utf8(valid);
        var at = Array.IndexOf(bytes, (byte)':') + 2;
        return [.. bytes[..at], .. bad, .. bytes[at..]];
    }

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "application/json; charset=nonsense", "application/problem+json", "application/merge-patch+json", "*/*", "json", "",
    ];

    /// <summary>Header values: X-Actor (who acts), Idempotency-Key, X-Correlation-Id (replaced when unusable, never refused) and If-Match.</summary>
    public static readonly (string Header, string[] Values)[] Headers =
    [
        ("X-Actor", ["", " ", "ana\u0000", "\u202eana", "ana\u200b", "ana\ud800", "\udc00", "ana example", "ana,bob", "ana\u00a0", "\u2066ana\u2069",
            "ana\u0301", "анна", Hostile.Over(200), new string('a', 200), "ana;drop"]),
        ("Idempotency-Key", ["fuzz-key-1", "k\u0000", "k\u202e", "k\u200b", "k\ud800", "key with space", "ключ", Hostile.Over(200), "\u0001", " "]),
        ("X-Correlation-Id", ["\u0000", "\ud800", "\u202e", "a b", "é", Hostile.Over(128), "", " ", "\u200b"]),
        ("If-Match", ["garbage", "\"abc\"", "\"0\"", "\"-1\"", "\"99999999999999999999\"", "\"1\", \"2\"", "\"1\u0000\"", "W/", "\"\"", "1e308", "\"1e308\"",
            "\"9223372036854775807\"", "\"9223372036854775808\"", "W/\"x\"", "\"\ud800\"", "\u202e\"1\"", "\"1\"\u200b"]),
    ];

    // ---------------------------------------------------------------- the sweep

    public IEnumerable<FuzzRequest> Sweep()
    {
        var n = 0;
        string NextActor() => _admin ? $"ops-{++n}@example.org" : Actor;

        foreach (var path in Paths)
        {
            var valid = Node(path.Segments);
            foreach (var edit in Catalog(path, valid)) yield return FieldRequest([(path, edit)], NextActor());
        }
        foreach (var (label, body, namesBody, touched, invalid) in Bodies())
            yield return Request("", "", [], false, NextActor()) with { Body = body, Mutation = $"body ← {label}", Touched = [touched], MustName = namesBody, MustRefuse = invalid };
        yield return UnknownMember(NextActor());
        foreach (var type in ContentTypes)
            yield return Valid(NextActor()) with { ContentType = type, Mutation = $"Content-Type ← {type}" };
        yield return Valid(NextActor()) with { Body = null, ContentType = null, Mutation = "no body at all" };
        foreach (var (header, values) in Headers)
        foreach (var value in values)
            yield return HeaderRequest(header, value, NextActor());
        yield return Valid(NextActor()) with { Headers = [], Mutation = "no X-Actor", Touched = ["X-Actor"], MustName = true, MustRefuse = _command };
        yield return Valid(NextActor()) with
        {
            Headers = [new("X-Actor", NextActor()), new("X-Actor", "bob@example.org")], Mutation = "two X-Actor headers", Touched = ["X-Actor"], MustName = true, MustRefuse = _command,
        };
        if (_id is not null)
            foreach (var id in Hostile.RouteValues)
                yield return Valid(NextActor()) with
                {
                    Path = PathWith(id), Mutation = $"id ← {Hostile.Visible(id, 60)}", Touched = ["id"], MustName = true, MustRefuse = !Hostile.DotSegment(id),
                };
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch, HttpMethod.Get })
            yield return Valid(NextActor()) with { Method = method, Mutation = $"method {method}" };
    }

    private FuzzRequest HeaderRequest(string header, string value, string actor, bool fromCatalog = true)
    {
        var request = header == "X-Actor" ? Valid() with { Headers = [new("X-Actor", value)] } : Valid(actor).WithHeader(header, value);
        var invalid = header switch
        {
            "X-Actor" => _command && !ValidActor(value),
            "Idempotency-Key" => !ValidIdempotencyKey(value),
            "If-Match" => _versioned && fromCatalog, // every catalog value is unreadable, below 1 or stale; random text may be "1"
            _ => false,
        };
        return request with { Mutation = $"{header} ← {Hostile.Visible(value, 60)}", Touched = [header], MustName = header != "X-Correlation-Id", MustRefuse = invalid };
    }

    /// <summary>Access: 1–200 letters, digits and @ . _ - + (written out here, not taken from the code under test).</summary>
    public static bool ValidActor(string header)
    {
        var name = header.Trim();
        return name.Length is > 0 and <= 200 && name.EnumerateRunes().All(r => r.Value is '@' or '.' or '_' or '-' or '+' || System.Text.Rune.IsLetterOrDigit(r));
    }

    /// <summary>README: optional; printable ASCII, at most 200 characters.</summary>
    public static bool ValidIdempotencyKey(string key) => key.Length == 0 || key.Length <= 200 && key.All(c => c is >= '!' and <= '~');

    private JsonNode? Node(IReadOnlyList<object> segments)
    {
        JsonNode? node = _body;
        foreach (var segment in segments)
        {
            node = segment switch
            {
                string member when node is JsonObject o => o[member],
                int index when node is JsonArray a && index < a.Count => a[index],
                _ => null,
            };
        }
        return node;
    }

    // ---------------------------------------------------------------- random requests

    /// <summary>A random value of the field's kind, beyond the catalog: random text with random characters planted, any long, any double, any decimal, any date-shaped text.</summary>
    private static Gen<Edit> RandomEdit(FieldPath path, JsonNode? valid)
    {
        var text = valid?.GetValueKind() == System.Text.Json.JsonValueKind.String ? valid.GetValue<string>() : "x";
        return path.Field.Kind switch
        {
            FieldKind.Text => Gen.OneOf(
                Hostile.RandomText.Select(s => Edit.Text(s)),
                Gen.Select(Gen.Char, Gen.Int[0, 2], (c, where) => Edit.Text(Hostile.Plant(text, c.ToString(), where)))),
            FieldKind.Date => Gen.OneOf(
                Gen.Select(Gen.Int[0, 10000], Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => Edit.Text($"{y:D4}-{m:D2}-{d:D2}")),
                Gen.Select(Gen.Int[0, 10000], Gen.Int[0, 13], (y, m) => Edit.Text($"{y:D4}-{m:D2}")),
                Gen.Int[0, 10000].Select(y => Edit.Text($"{y:D4}")),
                Gen.Select(Gen.Int[0, 10000], Gen.Int[0, 10000], (a, b) => Edit.Text($"{a:D4}/{b:D4}")),
                Gen.Select(Gen.Int[0, 10000], Gen.Int[-14, 14], (y, offset) => Edit.Text($"{y:D4}-12-31T23:59:59{offset:+00;-00}:00")),
                Hostile.RandomText.Select(s => Edit.Text(s))),
            FieldKind.Integer => Gen.OneOf(Gen.Long.Select(l => Edit.Literal(l.ToString(CultureInfo.InvariantCulture))), Gen.Int[-5, 10].Select(i => Edit.Literal(i.ToString(CultureInfo.InvariantCulture)))),
            FieldKind.Number => Gen.Double.Select(d => double.IsFinite(d) ? Edit.Literal(d.ToString("R", CultureInfo.InvariantCulture)) : Edit.Text(d.ToString(CultureInfo.InvariantCulture))),
            FieldKind.Decimal => Gen.Decimal.Select(m => Edit.Literal(m.ToString(CultureInfo.InvariantCulture))),
            FieldKind.Boolean => Gen.OneOf(Edit.Literal("true"), Edit.Literal("false"), Edit.Literal("\"true\""), Edit.Literal("1")),
            _ => Gen.OneOf(Edit.Literal("{}"), Edit.Literal("[]"), Edit.Literal("null")),
        };
    }

    private Gen<(FieldPath, Edit)> FieldEdit
    {
        get
        {
            var perPath = Paths.Select(path =>
            {
                var valid = Node(path.Segments);
                var catalog = Gen.OneOf(Catalog(path, valid).ToArray());
                var random = RandomEdit(path, valid);
                if (path.Field.Kind is not (FieldKind.Text or FieldKind.Date)) return Gen.Frequency((3, catalog), (1, random)).Select(edit => (path, edit));
                // Text gets a hostile character planted in its valid value often: that is the input that reaches the store.
                var text = valid?.GetValueKind() == System.Text.Json.JsonValueKind.String ? valid.GetValue<string>() : "x";
                var planted = Gen.Select(Hostile.Character, Gen.Int[0, 2], (c, where) =>
                    Edit.Text(Hostile.Plant(text, c, where), $"{Hostile.Visible(c)} planted in \"{Hostile.Visible(text, 40)}\""));
                return Gen.Frequency((3, catalog), (2, planted), (1, random)).Select(edit => (path, edit));
            }).ToArray();
            return Gen.Int[0, perPath.Length - 1].SelectMany(i => perPath[i]);
        }
    }

    private Gen<string> ActorGen => _admin ? Gen.Int[0, int.MaxValue].Select(i => $"ops-{i}@example.org") : Gen.Const(Actor);

    private Gen<FuzzRequest> HeaderGen =>
        Gen.Int[0, Headers.Length - 1].SelectMany(h => Gen.Frequency(
                (3, Gen.OneOf(Headers[h].Values).Select(value => (Value: value, FromCatalog: true))),
                (1, Hostile.RandomText.Select(s => (Value: s.Replace("\r", "").Replace("\n", ""), FromCatalog: false))))
            .SelectMany(v => ActorGen.Select(actor => HeaderRequest(Headers[h].Header, v.Value, actor, v.FromCatalog))));

    public Gen<FuzzRequest> Random
    {
        get
        {
            var bodies = Bodies().ToArray();
            // Mostly one field at a time: with several, the first invalid one is what a refusal names, and the others go untested.
            var fields = Gen.Frequency((4, Gen.Const(1)), (1, Gen.Const(2)), (1, Gen.Const(3))).SelectMany(count => FieldEdit.Array[count])
                .SelectMany(edits => Gen.Select(ActorGen, _fresh, (actor, fresh) => FieldRequest(edits.DistinctBy(e => e.Item1.Name).ToList(), actor, fresh)));
            var whole = Gen.OneOf(bodies).SelectMany(b => ActorGen.Select(actor =>
                Request("", "", [], false, actor) with { Body = b.Body, Mutation = $"body ← {b.Label}", Touched = [b.Touched], MustName = b.NamesBody, MustRefuse = b.Invalid }));
            var garbage = Gen.Frequency((3, Hostile.RandomText), (1, Gen.String[0, 3000])).SelectMany(s => ActorGen.Select(actor =>
                Request(s, "body ← random text", ["body"], false, actor)));
            var route = Gen.Frequency((3, Gen.OneOf(Hostile.RouteValues)), (1, Hostile.RandomText.Where(s => s.Length > 0 && !s.Contains('\0'))))
                .Select(id => Valid() with { Path = PathWith(id), Mutation = $"id ← {Hostile.Visible(id, 60)}", Touched = ["id"], MustName = true, MustRefuse = !Hostile.DotSegment(id) });
            var headers = Gen.Select(HeaderGen, _fresh, (h, fresh) => h with { Body = FuzzRequest.Utf8(Apply([], fresh).Body) });
            var fieldsAndHeader = Gen.Select(fields, HeaderGen, (f, h) => f with
            {
                Headers = h.Headers,
                Mutation = f.Mutation + "; " + h.Mutation,
                Touched = [.. f.Touched, .. h.Touched],
                MustName = true,
                MustRefuse = f.MustRefuse || h.MustRefuse,
            });
            var valid = Gen.Select(ActorGen, _fresh, (actor, fresh) => Fresh(fresh, actor));
            var unknown = ActorGen.Select(UnknownMember);
            List<(int, Gen<FuzzRequest>)> kinds = [(10, fields), (3, headers), (2, fieldsAndHeader), (2, whole), (1, garbage), (1, valid), (1, unknown)];
            if (_id is not null) kinds.Add((1, route));
            return Gen.Frequency([.. kinds]);
        }
    }
}

namespace ClaimsLedger.Api.Tests.Fuzzing;

public enum FieldKind { Text, Date, Integer, Number, Decimal, Boolean, Object, Array }

/// <summary>What a body field is, as far as breaking it goes: its JSON kind, its documented maximum length, and near misses of its vocabulary.</summary>
public sealed record Field(FieldKind Kind, int? MaxLength = null, string[]? NearMisses = null)
{
    private static readonly string[] Grades = ["a", "b", "AB", "G", "0", "1", " B", "B ", "Ｂ"];
    private static readonly string[] ClaimIdNearMisses = ["clm-x", "CLM-000000000000000000000000", "clm-000000000000000000000000 ", "steppe", "ctr-000000000000000000000000", ""];

    /// <summary>Every member of every command body, by name (array elements as <c>name[]</c>). The lengths are the ones the validators document.</summary>
    public static readonly IReadOnlyDictionary<string, Field> ByName = new Dictionary<string, Field>
    {
        // POST /api/claims and the evidence every claim command carries
        ["subject"] = new(FieldKind.Text, null, ["kz", "KZ ", "XX", "EU", "WEST", "CENTRAL ASIA", "central_asia", "ＫＺ", "K", "KAZ", "RU,KZ"]),
        ["statement"] = new(FieldKind.Text, 1000),
        ["effects"] = new(FieldKind.Array),
        ["effects[]"] = new(FieldKind.Object),
        ["power"] = new(FieldKind.Text, null, ["cn", "XX", "CENTRAL_ASIA", "EU ", "west", "China", "ＣＮ"]),
        ["dimension"] = new(FieldKind.Text, null, ["Economic", "ECONOMIC", "econ", "military", "0", "1", "economic "]),
        ["direction"] = new(FieldKind.Text, null, ["Toward", "towards", "up", "0", "1", "away "]),
        ["strength"] = new(FieldKind.Integer, null, ["0", "4", "-1", "3.5"]),
        ["validTime"] = new(FieldKind.Date),
        ["quantity"] = new(FieldKind.Object),
        ["value"] = new(FieldKind.Decimal),
        ["unit"] = new(FieldKind.Text, 50),
        ["evidence"] = new(FieldKind.Object),
        ["sourceId"] = new(FieldKind.Text, null, ["no-such-source", "clm-x", "STEPPE", "steppe ", ""]),
        ["start"] = new(FieldKind.Integer),
        ["end"] = new(FieldKind.Integer),
        ["quote"] = new(FieldKind.Text, 4000, ["China", "china became Kazakhstan's largest trading partner"]),
        ["confidence"] = new(FieldKind.Number),
        // claim lifecycle and source commands
        ["reason"] = new(FieldKind.Text, 2000),
        ["expectedVersion"] = new(FieldKind.Integer, null, ["0", "-1", "999"]),
        ["decision"] = new(FieldKind.Text, null, ["Accepted", "ACCEPTED", "accept", "approve", "recorded", "retracted", "0", "1"]),
        ["grade"] = new(FieldKind.Text, null, Grades),
        // recoding, supersession, merge and a contradiction's resolution name another claim
        ["newerClaimId"] = new(FieldKind.Text, 100, ClaimIdNearMisses),
        ["duplicateId"] = new(FieldKind.Text, 100, ClaimIdNearMisses),
        ["winningClaimId"] = new(FieldKind.Text, 100, ClaimIdNearMisses),
        // POST /api/sources
        ["id"] = new(FieldKind.Text, 100, ["clm-x", "rebuild-x", "sub-x", "Upper", "-lead", "a b", "a_b", "ä", "steppe"]),
        ["title"] = new(FieldKind.Text, 500),
        ["carrier"] = new(FieldKind.Text, 200),
        ["originalPublisher"] = new(FieldKind.Text, 200),
        ["syndicated"] = new(FieldKind.Boolean),
        ["author"] = new(FieldKind.Text, 200),
        ["published"] = new(FieldKind.Date),
        ["publishedApproximate"] = new(FieldKind.Boolean),
        ["url"] = new(FieldKind.Text, null, ["ftp://example.org/a", "/relative", "javascript:alert(1)", "http://", "not a url", "http://[::1", "file:///etc/passwd"]),
        ["language"] = new(FieldKind.Text, 35, ["EN", "english", "e", "en_US", "en-", "xx-toolongsubtag", "en-\u00e9"]),
        ["reliability"] = new(FieldKind.Text, null, Grades),
        ["reliabilityReason"] = new(FieldKind.Text, 2000),
        ["text"] = new(FieldKind.Text),
        ["extract"] = new(FieldKind.Boolean),
        // POST /api/claims/batch: items are POST /api/claims bodies
        ["claims"] = new(FieldKind.Array),
        ["claims[]"] = new(FieldKind.Object),
        // POST /api/admin/projections/rebuild
        ["projections"] = new(FieldKind.Array),
        ["projections[]"] = new(FieldKind.Text, null, ["alignment", "ALIGNMENT", "Alignment ", "X", "Alignment:All", "mt_doc_sourcedetails"]),
    };

    public static Field Of(string name) =>
        ByName.TryGetValue(name, out var field) ? field : throw new ArgumentException($"no field metadata for '{name}': add it to {nameof(Field)}.{nameof(ByName)}");
}

using System.Globalization;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Admin;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Fuzzing;

/// <summary>
/// What the fuzzed requests act on: two sources (one a syndicated repost, to corroborate and contest from) and a claim, all
/// recorded through the API; for the admin reads, one finished rebuild.
/// </summary>
public sealed record FuzzWorld(string SourceId, string RepostId, string ClaimId, string? RebuildId)
{
    public const string Repost = "REPOST: China became Kazakhstan's largest trading partner, overtaking Russia, according to customs data.";

    public static async Task<FuzzWorld> CreateAsync(LedgerApi api, LedgerFixture fixture, bool forReads, bool withRebuild = false)
    {
        (await api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"))).Code.ShouldBe(201);
        (await api.Post("/api/sources", Samples.Source(Repost, id: "repost", carrier: "Wire Reposts", originalPublisher: "Central Wire", syndicated: true))).Code.ShouldBe(201);
        var claim = await api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"));
        claim.Code.ShouldBe(201, claim.Body);
        string? rebuildId = null;
        if (withRebuild)
        {
            var accepted = await api.Post("/api/admin/projections/rebuild", new { projections = new[] { "SourceDetails" } }, "ops@example.org");
            accepted.Code.ShouldBe(202, accepted.Body);
            rebuildId = accepted.As<RebuildStatus>().Id;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await api.Get(RebuildStatus.Location(rebuildId))).As<RebuildStatus>().State == RebuildStatus.Running && DateTime.UtcNow < deadline)
                await Task.Delay(20);
        }
        // Reads see the alignment the async projection builds from these events; commands need nothing but the documents.
        if (forReads) await fixture.WaitForProjectionsAsync();
        return new FuzzWorld("steppe", "repost", claim.As<RecordClaimResult>().Id, rebuildId);
    }

    private static JsonObject Evidence(string sourceId, string text, string quote)
    {
        var start = text.IndexOf(quote, StringComparison.Ordinal);
        return new JsonObject { ["sourceId"] = sourceId, ["start"] = start, ["end"] = start + quote.Length, ["quote"] = quote };
    }

    private static readonly string[] Versioned = ["expectedVersion"];

    private const string NoSuchClaim = "clm-000000000000000000000000";

    /// <summary>A body of POST /api/claims naming every field it takes (and an item of POST /api/claims/batch).</summary>
    private static JsonObject ValidClaim(FuzzWorld w) => new()
    {
        ["subject"] = "KZ",
        ["statement"] = "Moscow's share of Kazakh imports fell to a third.",
        ["effects"] = new JsonArray(
            new JsonObject { ["power"] = "RU", ["dimension"] = "economic", ["direction"] = "away", ["strength"] = 2 },
            new JsonObject { ["power"] = "CN", ["dimension"] = "economic", ["direction"] = "toward", ["strength"] = 1 }),
        ["validTime"] = "2023",
        ["quantity"] = new JsonObject { ["value"] = 33.3m, ["unit"] = "percent" },
        ["evidence"] = Evidence(w.SourceId, Samples.TradeText, "Moscow's share of Kazakh imports fell to a third"),
        ["confidence"] = 0.8,
    };

    /// <summary>A token that makes a value new to the ledger.</summary>
    private static readonly Gen<string> Token = Gen.UInt.Select(i => i.ToString("x8"));

    /// <summary>Evidence at a random span of <paramref name="text"/>: each span is new evidence (claims key evidence by source and span).</summary>
    private static Gen<Action<JsonObject>> RandomSpan(string sourceId, string text) =>
        Gen.Int[0, text.Length - 1].SelectMany(start => Gen.Int[start + 1, text.Length].Select(end => (Action<JsonObject>)(body =>
            body["evidence"] = new JsonObject { ["sourceId"] = sourceId, ["start"] = start, ["end"] = end, ["quote"] = text[start..end] })));

    /// <summary>Every command endpoint (every [WolverinePost]) with a valid body that names every field it takes.</summary>
    public static readonly IReadOnlyDictionary<string, Func<FuzzWorld, CommandTarget>> Commands = new Dictionary<string, Func<FuzzWorld, CommandTarget>>
    {
        ["RegisterSource"] = _ => new CommandTarget("RegisterSource", "/api/sources", null, new JsonObject
        {
            ["id"] = "fuzz-source", ["title"] = "Fuzzed source", ["carrier"] = "Fuzz Carrier", ["originalPublisher"] = "Fuzz Wire", ["syndicated"] = false,
            ["author"] = "A. Writer", ["published"] = "2024-07", ["publishedApproximate"] = false, ["url"] = "https://example.org/fuzz", ["language"] = "en",
            ["reliability"] = "B", ["reliabilityReason"] = "Known outlet.", ["text"] = "China became Kazakhstan's largest trading partner, said the fuzzed text.",
            ["extract"] = false,
        }, fresh: Token.Select(t => (Action<JsonObject>)(body =>
        {
            body["id"] = $"fuzz-{t}";
            body["text"] = $"China became Kazakhstan's largest trading partner, said fuzzed text {t}.";
        }))),
        ["RecordClaim"] = w => new CommandTarget("RecordClaim", "/api/claims", null, ValidClaim(w), fresh: Token.Select(t => (Action<JsonObject>)(body => body["statement"] = $"Moscow's share of Kazakh imports fell to a third ({t})."))),
        // The batch answers 200 with a result per item; an item refused is answered in its place (see ProblemContract.Batch).
        ["RecordClaims"] = w => new CommandTarget("RecordClaims", "/api/claims/batch", null, new JsonObject { ["claims"] = new JsonArray(ValidClaim(w)) },
            fresh: Token.Select(t => (Action<JsonObject>)(body => body["claims"]![0]!["statement"] = $"Moscow's share of Kazakh imports fell to a third ({t})."))),
        ["CorroborateClaim"] = w => new CommandTarget("CorroborateClaim", "/api/claims/{id}/corroborations", w.ClaimId,
            new JsonObject { ["evidence"] = Evidence(w.RepostId, Repost, "China became Kazakhstan's largest trading partner") }, Versioned,
            RandomSpan(w.RepostId, Repost)),
        ["ContestClaim"] = w => new CommandTarget("ContestClaim", "/api/claims/{id}/contestations", w.ClaimId,
            new JsonObject { ["evidence"] = Evidence(w.RepostId, Repost, "according to customs data"), ["reason"] = "The customs data cover only part of the year." }, Versioned,
            RandomSpan(w.RepostId, Repost)),
        ["ReviseClaimConfidence"] = w => new CommandTarget("ReviseClaimConfidence", "/api/claims/{id}/confidence", w.ClaimId,
            new JsonObject { ["confidence"] = 0.65, ["reason"] = "A second reading." }, Versioned,
            Gen.Int[0, 100].Select(c => (Action<JsonObject>)(body => body["confidence"] = c / 100.0))),
        ["ReviewClaim"] = w => new CommandTarget("ReviewClaim", "/api/claims/{id}/review", w.ClaimId,
            new JsonObject { ["decision"] = "accepted", ["reason"] = "Checked against customs tables." }, Versioned,
            Gen.OneOf("accepted", "rejected").Select(d => (Action<JsonObject>)(body => body["decision"] = d))),
        ["RetractClaim"] = w => new CommandTarget("RetractClaim", "/api/claims/{id}/retraction", w.ClaimId,
            new JsonObject { ["reason"] = "Withdrawn by the desk." }, Versioned),
        ["RecodeClaim"] = w => new CommandTarget("RecodeClaim", "/api/claims/{id}/recoding", w.ClaimId,
            new JsonObject
            {
                ["subject"] = "KG", ["reason"] = "The passage is about Kyrgyz transit trade.", ["validTime"] = "2024",
                ["effects"] = new JsonArray(new JsonObject { ["power"] = "CN", ["dimension"] = "economic", ["direction"] = "toward", ["strength"] = 2 }),
            }, Versioned, Gen.Int[1990, 2030].Select(year => (Action<JsonObject>)(body => body["validTime"] = year.ToString(CultureInfo.InvariantCulture)))),
        // The newer claim, the duplicate and the contradiction do not exist: valid requests are 404s naming them, and no broken
        // value may do worse.
        ["SupersedeClaim"] = w => new CommandTarget("SupersedeClaim", "/api/claims/{id}/supersession", w.ClaimId,
            new JsonObject { ["newerClaimId"] = NoSuchClaim, ["reason"] = "A later figure replaces it." }, Versioned),
        ["MergeClaims"] = w => new CommandTarget("MergeClaims", "/api/claims/{id}/merge", w.ClaimId,
            new JsonObject { ["duplicateId"] = NoSuchClaim, ["reason"] = "The same finding twice." }, Versioned),
        ["ResolveContradiction"] = w => new CommandTarget("ResolveContradiction", "/api/contradictions/{id}/resolution", "ctr-000000000000000000000000",
            new JsonObject { ["winningClaimId"] = w.ClaimId, ["reason"] = "Customs data beat a denial." }, Versioned),
        ["GradeSourceReliability"] = w => new CommandTarget("GradeSourceReliability", "/api/sources/{id}/reliability", w.SourceId,
            new JsonObject { ["grade"] = "C", ["reason"] = "Two corrections this year." }, Versioned,
            Gen.OneOf("A", "B", "C", "D", "E", "F").Select(g => (Action<JsonObject>)(body => body["grade"] = g))),
        ["RetractSource"] = w => new CommandTarget("RetractSource", "/api/sources/{id}/retraction", w.RepostId,
            new JsonObject { ["reason"] = "The repost was taken down." }, Versioned),
        ["PreviewExtraction"] = _ => new CommandTarget("PreviewExtraction", "/api/extraction/preview", null,
            new JsonObject { ["text"] = Samples.TradeText, ["published"] = "2024-07", ["language"] = "en" }, command: false),
        ["RebuildProjections"] = _ => new CommandTarget("RebuildProjections", "/api/admin/projections/rebuild", null,
            new JsonObject { ["projections"] = new JsonArray("SourceDetails") }),
    };

    // Every valid "from" precedes every valid "to", so a request made of valid values is valid whichever of them it takes.
    private static readonly string[] Instants = ["2024-07-01T12:00:00Z", "2024-07-01", "2024-07-01T14:00:00+02:00", "2030-01-01T00:00:00Z", "1000-01-01"];
    private static readonly string[] From = ["2024-07-01", "1000-01-01", "2024-01-01T00:00:00+05:00"];
    private static readonly string[] To = ["2024-07-01T12:00:00Z", "2030-01-01T00:00:00Z", "2999-12-31T23:59:59.9999999Z"];
    private static readonly string[] ValidFrom = ["2023", "2022/2024", "2023-05", "1000"];
    private static readonly string[] PublishedBy = ["2023", "2024-07", "2024-07-01", "2024-07-01T12:00:00Z"];
    private static readonly string[] ValidTo = ["2023-05-18", "2024", "2999", "2023/2999-12-31"];

    /// <summary>Every read endpoint (every [WolverineGet]) with its route value and query parameters.</summary>
    public static readonly IReadOnlyDictionary<string, Func<FuzzWorld, QueryTarget>> Queries = new Dictionary<string, Func<FuzzWorld, QueryTarget>>
    {
        ["ListClaims"] = w => new QueryTarget("ListClaims", "/api/claims", null,
            new Param("subject", ParamKind.Code, ["KZ", "CENTRAL_ASIA"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("power", ParamKind.Code, ["CN", "WEST"], NearMisses: Field.Of("power").NearMisses),
            new Param("dimension", ParamKind.Code, ["economic", "security"], NearMisses: Field.Of("dimension").NearMisses),
            new Param("status", ParamKind.Code, ["recorded", "retracted"], NearMisses: ["Recorded", "RECORDED", "0", "1", "deleted", "recorded "]),
            new Param("sourceId", ParamKind.Id, [w.SourceId, "no-such-source"]),
            new Param("page", ParamKind.Integer, ["1", "2"]),
            new Param("pageSize", ParamKind.Integer, ["50", "200", "1"])),
        ["GetClaim"] = w => new QueryTarget("GetClaim", "/api/claims/{id}", new Param("id", ParamKind.Id, [w.ClaimId]),
            new Param("asOf", ParamKind.Instant, Instants)),
        ["GetClaimProvenance"] = w => new QueryTarget("GetClaimProvenance", "/api/claims/{id}/prov", new Param("id", ParamKind.Id, [w.ClaimId]),
            new Param("asOf", ParamKind.Instant, Instants)),
        ["ListContradictions"] = _ => new QueryTarget("ListContradictions", "/api/contradictions", null,
            new Param("subject", ParamKind.Code, ["KZ", "CENTRAL_ASIA"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("resolved", ParamKind.Code, ["true", "false"], NearMisses: ["yes", "no", "1", "0", "truе", "true ", "null"]),
            new Param("page", ParamKind.Integer, ["1", "2"]), new Param("pageSize", ParamKind.Integer, ["50", "200", "1"])),
        ["GetContradiction"] = _ => new QueryTarget("GetContradiction", "/api/contradictions/{id}", new Param("id", ParamKind.Id, ["ctr-000000000000000000000000"])),
        ["GetClaimEvents"] = w => new QueryTarget("GetClaimEvents", "/api/claims/{id}/events", new Param("id", ParamKind.Id, [w.ClaimId, w.SourceId])),
        ["ListSources"] = _ => new QueryTarget("ListSources", "/api/sources", null,
            new Param("page", ParamKind.Integer, ["1", "3"]), new Param("pageSize", ParamKind.Integer, ["50", "200", "1"])),
        ["GetSource"] = w => new QueryTarget("GetSource", "/api/sources/{id}", new Param("id", ParamKind.Id, [w.SourceId, w.RepostId])),
        ["GetSourceClaims"] = w => new QueryTarget("GetSourceClaims", "/api/sources/{id}/claims", new Param("id", ParamKind.Id, [w.SourceId, w.RepostId]),
            new Param("asOf", ParamKind.Instant, Instants)),
        ["ListAlignments"] = _ => new QueryTarget("ListAlignments", "/api/alignments", null),
        ["GetAlignment"] = _ => new QueryTarget("GetAlignment", "/api/alignments/{subject}",
            new Param("subject", ParamKind.Code, ["KZ", "CENTRAL_ASIA", "AM"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("asOf", ParamKind.Instant, Instants), new Param("validFrom", ParamKind.ValidTime, ValidFrom), new Param("validTo", ParamKind.ValidTime, ValidTo),
            new Param("publishedBy", ParamKind.ValidTime, PublishedBy), new Param("top", ParamKind.Integer, ["20", "1", "200"])),
        ["GetAlignmentContributions"] = _ => new QueryTarget("GetAlignmentContributions", "/api/alignments/{subject}/contributions",
            new Param("subject", ParamKind.Code, ["KZ", "CENTRAL_ASIA"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("asOf", ParamKind.Instant, Instants), new Param("validFrom", ParamKind.ValidTime, ValidFrom), new Param("validTo", ParamKind.ValidTime, ValidTo),
            new Param("publishedBy", ParamKind.ValidTime, PublishedBy),
            new Param("page", ParamKind.Integer, ["1", "2"]), new Param("pageSize", ParamKind.Integer, ["50", "200", "1"])),
        ["GetAlignmentHistory"] = _ => new QueryTarget("GetAlignmentHistory", "/api/alignments/{subject}/history",
            new Param("subject", ParamKind.Code, ["KZ", "SOUTH_CAUCASUS"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("from", ParamKind.Instant, From), new Param("to", ParamKind.Instant, To), new Param("publishedBy", ParamKind.ValidTime, PublishedBy),
            new Param("page", ParamKind.Integer, ["1", "2"]), new Param("pageSize", ParamKind.Integer, ["50", "200", "1"])),
        ["GetAlignmentDiff"] = _ => new QueryTarget("GetAlignmentDiff", "/api/alignments/{subject}/diff",
            new Param("subject", ParamKind.Code, ["KZ", "CENTRAL_ASIA"], NearMisses: QueryTarget.SubjectNearMisses),
            new Param("from", ParamKind.Instant, From, Required: true),
            new Param("to", ParamKind.Instant, To, Required: true)),
        ["GetAlignmentReport"] = _ => new QueryTarget("GetAlignmentReport", "/api/reports/alignment", null,
            new Param("subjects", ParamKind.Subjects, ["KZ", "KZ,KG", "CENTRAL_ASIA,AM,AZ"], Required: true, NearMisses: QueryTarget.SubjectNearMisses),
            new Param("asOf", ParamKind.Instant, Instants), new Param("validFrom", ParamKind.ValidTime, ValidFrom), new Param("validTo", ParamKind.ValidTime, ValidTo),
            new Param("publishedBy", ParamKind.ValidTime, PublishedBy),
            new Param("format", ParamKind.Code, ["json", "markdown", "html", "csv"], NearMisses: ["JSON", "Json", "pdf", "xml", "json ", "csv,json", "0", "1"])),
        ["GetProjectionRebuild"] = w => new QueryTarget("GetProjectionRebuild", "/api/admin/projections/rebuilds/{id}",
            new Param("id", ParamKind.Id, [w.RebuildId ?? "none"])),
    };
}

using System.Globalization;
using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Provenance;

/// <summary>
/// A claim and its provenance as W3C PROV-O in JSON-LD, with schema.org for what PROV does not say (the claim's text, the
/// sources' bibliographic facts, and a ClaimReview per review). Built from the claim's document alone (one revision per
/// event) and its sources' documents, never from the raw events.
/// <list type="bullet">
/// <item>the claim: a <c>prov:Entity</c> and <c>schema:Claim</c> at its URL, derived from its sources; each of its events is a
/// <c>prov:Activity</c> (<c>…/events#event-N</c>, N its version) that used the previous revision (<c>…#vN-1</c>) and any
/// passage it cites (a merge: the duplicate claim too), was associated with its actor, and generated revision <c>…#vN</c>;</item>
/// <item>each source: a <c>prov:Entity</c> and <c>schema:CreativeWork</c> at its URL, attributed to its original publisher
/// (a <c>prov:Organization</c>); a syndicated copy was derived from its original; each quoted passage is an entity of its own,
/// a specialization of the source named by an RFC 5147 fragment (<c>#char=start,end</c>);</item>
/// <item>actors are <c>prov:Agent</c>s (<c>urn:claimsledger:actor:…</c>), an extractor a <c>prov:SoftwareAgent</c>.</item>
/// </list>
/// </summary>
public static class ClaimProvDocument
{
    public const string MediaType = "application/ld+json";

    public static readonly JsonObject Context = new()
    {
        ["prov"] = "http://www.w3.org/ns/prov#",
        ["schema"] = "https://schema.org/",
        ["xsd"] = "http://www.w3.org/2001/XMLSchema#",
        ["rdfs"] = "http://www.w3.org/2000/01/rdf-schema#",
    };

    public static JsonObject Build(ClaimDetails claim, IReadOnlyDictionary<string, ProvSource> sources, string baseUrl)
    {
        var graph = new JsonArray();
        string ClaimIri(string id) => $"{baseUrl}/api/claims/{Uri.EscapeDataString(id)}";
        var claimIri = ClaimIri(claim.Id);
        var agents = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        string Agent(string actor)
        {
            var iri = "urn:claimsledger:actor:" + Uri.EscapeDataString(actor);
            agents.TryAdd(iri, new JsonObject { ["@id"] = iri, ["@type"] = "prov:Agent", ["rdfs:label"] = actor });
            return iri;
        }
        string Publisher(ProvSource s)
        {
            var iri = "urn:claimsledger:publisher:" + Uri.EscapeDataString(s.IndependenceKey);
            agents.TryAdd(iri, new JsonObject { ["@id"] = iri, ["@type"] = Types("prov:Agent", "prov:Organization", "schema:Organization"),
                ["schema:name"] = s.OriginalPublisher ?? s.Carrier });
            return iri;
        }
        string SourceIri(string id) => $"{baseUrl}/api/sources/{Uri.EscapeDataString(id)}";
        string Passage(string sourceId, int start, int end, string quote, JsonArray nodes)
        {
            var iri = $"{SourceIri(sourceId)}#char={start.ToString(CultureInfo.InvariantCulture)},{end.ToString(CultureInfo.InvariantCulture)}";
            if (!nodes.OfType<JsonObject>().Any(n => (string?)n["@id"] == iri))
                nodes.Add(new JsonObject { ["@id"] = iri, ["@type"] = "prov:Entity", ["prov:specializationOf"] = Ref(SourceIri(sourceId)), ["schema:text"] = quote });
            return iri;
        }

        var passages = new JsonArray();
        // What each event cited: the evidence and contestations it added, by the time they were recorded (one event each).
        var cited = claim.Sources.Select(s => (s.RecordedAt, Iri: Passage(s.SourceId, s.Start, s.End, s.Quote, passages)))
            .Concat(claim.Contestations.Where(c => c.SourceId is not null)
                .Select(c => (c.RecordedAt, Iri: Passage(c.SourceId!, c.Start ?? 0, c.End ?? 0, c.Quote ?? "", passages))))
            .ToList();

        graph.Add(new JsonObject
        {
            ["@id"] = claimIri,
            ["@type"] = Types("prov:Entity", "schema:Claim"),
            ["schema:text"] = claim.Statement,
            ["schema:about"] = claim.Subject,
            ["prov:generatedAtTime"] = Time(claim.RecordedAt),
            ["prov:wasGeneratedBy"] = Ref($"{claimIri}/events#event-1"),
            ["prov:wasAttributedTo"] = Ref(Origin(claim.Origin, claim.RecordedBy, agents, Agent)),
            ["prov:wasDerivedFrom"] = Refs(claim.Sources.Select(s => SourceIri(s.SourceId)).Distinct()),
            ["schema:appearance"] = Refs(claim.Sources.Select(s => $"{SourceIri(s.SourceId)}#char={s.Start},{s.End}").Distinct()),
        });

        for (var i = 0; i < claim.Revisions.Count; i++)
        {
            var (r, version) = (claim.Revisions[i], i + 1);
            var activity = $"{claimIri}/events#event-{version}";
            var used = new JsonArray();
            if (version > 1) used.Add(Ref($"{claimIri}#v{version - 1}"));
            foreach (var passage in cited.Where(c => c.RecordedAt == r.RecordedAt).Select(c => c.Iri).Distinct()) used.Add(Ref(passage));
            // A merge used the duplicate it absorbed (described below as an entity of its own, with its own export).
            foreach (var merge in claim.Merged.Where(m => m.RecordedAt == r.RecordedAt)) used.Add(Ref(ClaimIri(merge.DuplicateId)));
            var associated = new JsonArray(Ref(Agent(r.Actor ?? claim.RecordedBy)));
            if (version == 1 && claim.Origin.StartsWith("extractor:", StringComparison.Ordinal))
                associated.Add(Ref(Origin(claim.Origin, claim.RecordedBy, agents, Agent)));
            var node = new JsonObject
            {
                ["@id"] = activity,
                ["@type"] = "prov:Activity",
                ["rdfs:label"] = r.EventType ?? "claim_event",
                ["prov:startedAtTime"] = Time(r.RecordedAt),
                ["prov:endedAtTime"] = Time(r.RecordedAt),
                ["prov:wasAssociatedWith"] = associated,
                ["prov:used"] = used,
            };
            if (r.Reason is { } reason) node["rdfs:comment"] = reason;
            graph.Add(node);
            var revision = new JsonObject
            {
                ["@id"] = $"{claimIri}#v{version}",
                ["@type"] = "prov:Entity",
                ["rdfs:label"] = $"{claim.Id} version {version}: {r.Status.ToString().ToLowerInvariant()}",
                ["prov:specializationOf"] = Ref(claimIri),
                ["prov:wasGeneratedBy"] = Ref(activity),
                ["prov:generatedAtTime"] = Time(r.RecordedAt),
            };
            if (version > 1) revision["prov:wasRevisionOf"] = Ref($"{claimIri}#v{version - 1}");
            graph.Add(revision);
        }

        foreach (var (review, n) in claim.Reviews.Select((r, n) => (r, n + 1)))
        {
            var accepted = review.Decision == ReviewDecision.Accepted;
            var version = claim.Revisions.FindIndex(r => r.LastReview == review) + 1;
            var node = new JsonObject
            {
                ["@id"] = $"{claimIri}/reviews#review-{n}",
                ["@type"] = "schema:ClaimReview",
                ["schema:url"] = claimIri,
                ["schema:claimReviewed"] = claim.Statement,
                ["schema:itemReviewed"] = Ref(claimIri),
                ["schema:author"] = Ref(Agent(review.Actor)),
                ["schema:datePublished"] = Time(review.RecordedAt),
                ["schema:reviewBody"] = review.Reason,
                ["schema:reviewRating"] = new JsonObject
                {
                    ["@type"] = "schema:Rating",
                    ["schema:ratingValue"] = accepted ? 1 : 0,
                    ["schema:bestRating"] = 1,
                    ["schema:worstRating"] = 0,
                    ["schema:alternateName"] = accepted ? "accepted" : "rejected",
                },
            };
            if (version > 0) node["prov:wasGeneratedBy"] = Ref($"{claimIri}/events#event-{version}");
            graph.Add(node);
        }

        foreach (var s in sources.Values.OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var node = new JsonObject
            {
                ["@id"] = SourceIri(s.Id),
                ["@type"] = Types("prov:Entity", "schema:CreativeWork"),
                ["schema:name"] = s.Title,
                ["schema:publisher"] = s.Carrier,
                ["schema:datePublished"] = s.Published,
                ["prov:wasAttributedTo"] = Ref(Publisher(s)),
            };
            if (s.Url is { } url) node["schema:url"] = url;
            if (s.CopyOf is { } original) node["prov:wasDerivedFrom"] = Ref(SourceIri(original));
            graph.Add(node);
        }
        foreach (var duplicate in claim.Merged.Select(m => m.DuplicateId).Distinct())
            graph.Add(new JsonObject { ["@id"] = ClaimIri(duplicate), ["@type"] = Types("prov:Entity", "schema:Claim") });
        foreach (var passage in passages) graph.Add(passage!.DeepClone());
        foreach (var agent in agents.Values) graph.Add(agent);
        return new JsonObject { ["@context"] = Context.DeepClone(), ["@graph"] = graph };
    }

    /// <summary>Who a claim is attributed to: the extractor that proposed it (a software agent), else the analyst who recorded it.</summary>
    private static string Origin(string origin, string recordedBy, SortedDictionary<string, JsonObject> agents, Func<string, string> agent)
    {
        if (!origin.StartsWith("extractor:", StringComparison.Ordinal)) return agent(recordedBy);
        var iri = "urn:claimsledger:" + Uri.EscapeDataString(origin).Replace("%3A", ":", StringComparison.Ordinal);
        agents.TryAdd(iri, new JsonObject
        {
            ["@id"] = iri, ["@type"] = Types("prov:Agent", "prov:SoftwareAgent"), ["rdfs:label"] = origin,
            ["prov:actedOnBehalfOf"] = Ref(agent(recordedBy)),
        });
        return iri;
    }

    private static JsonObject Ref(string iri) => new() { ["@id"] = iri };

    private static JsonArray Refs(IEnumerable<string> iris) => new(iris.Select(i => (JsonNode)Ref(i)).ToArray());

    private static JsonArray Types(params string[] types) => new(types.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());

    private static JsonObject Time(DateTimeOffset t) => new()
    {
        ["@value"] = t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        ["@type"] = "xsd:dateTime",
    };
}

/// <summary>What the provenance export says of a source, read without its text.</summary>
public sealed record ProvSource(string Id, string Title, string Carrier, string? OriginalPublisher, string Published, string? Url, string? CopyOf)
{
    public string IndependenceKey => IndependenceKeys.For(OriginalPublisher, Carrier);

    public static async Task<Dictionary<string, ProvSource>> LoadAsync(IQuerySession session, ClaimDetails claim, CancellationToken ct)
    {
        var ids = claim.Sources.Select(s => s.SourceId).Concat(claim.Contestations.Select(c => c.SourceId).OfType<string>()).Distinct().ToArray();
        var sources = await ReadAsync(session, ids, ct);
        // A copy is derived from its original, which the document describes too.
        var originals = sources.Select(s => s.CopyOf).OfType<string>().Where(id => !ids.Contains(id)).Distinct().ToArray();
        if (originals.Length > 0) sources.AddRange(await ReadAsync(session, originals, ct));
        return sources.ToDictionary(s => s.Id);
    }

    private static async Task<List<ProvSource>> ReadAsync(IQuerySession session, string[] ids, CancellationToken ct) =>
        (await session.Query<SourceDetails>().Where(s => ids.Contains(s.Id))
            .Select(s => new ProvSource(s.Id, s.Title, s.Carrier, s.OriginalPublisher, s.Published, s.Url, s.CopyOf)).ToListAsync(ct)).ToList();
}

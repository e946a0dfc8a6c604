using System.Text.Json.Nodes;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Tests.Support;

namespace ClaimsLedger.Api.Tests.Provenance;

/// <summary>
/// The provenance export, read twice: by jsonld.js, the W3C JSON-LD reference processor (tools/openapi, pinned; no .NET JSON-LD
/// library is served by the NuGet source), whose RDF must carry the PROV-O statements; and structurally, expanding every
/// compact term by the document's own context and requiring it to be a term PROV-O, schema.org, RDFS or XSD defines, with
/// the properties each kind of node must have and every node referred to described.
/// </summary>
public sealed class ClaimProvTests(LedgerFixture fixture) : LedgerTest(fixture)
{
    private const string Prov = "http://www.w3.org/ns/prov#", Schema = "https://schema.org/";

    private static readonly HashSet<string> ProvTerms =
    [
        "Entity", "Activity", "Agent", "SoftwareAgent", "Person", "Organization", "wasGeneratedBy", "used", "wasAssociatedWith", "wasDerivedFrom",
        "startedAtTime", "endedAtTime", "generatedAtTime", "wasAttributedTo", "wasRevisionOf", "specializationOf", "actedOnBehalfOf",
    ];

    private static readonly HashSet<string> SchemaTerms =
    [
        "Claim", "ClaimReview", "Rating", "CreativeWork", "Organization", "text", "about", "appearance", "name", "publisher", "datePublished", "url",
        "claimReviewed", "itemReviewed", "author", "reviewBody", "reviewRating", "ratingValue", "bestRating", "worstRating", "alternateName",
    ];

    private string _claim = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "steppe"));
        await Api.Post("/api/sources", Samples.Source(Samples.TradeText, id: "courant", carrier: "Global Courant"));
        _claim = (await Api.Post("/api/claims", Samples.KazakhTradeClaim("steppe"), actor: "ana")).As<RecordClaimResult>().Id;
        await Api.Post($"/api/claims/{_claim}/corroborations", new { evidence = Samples.Evidence("courant", Samples.TradeText, "overtaking Russia") }, actor: "bob");
        await Api.Post($"/api/claims/{_claim}/review", new { decision = "rejected", reason = "Wrong year." }, actor: "cy");
        await Api.Post($"/api/claims/{_claim}/review", new { decision = "accepted", reason = "The year was right." }, actor: "dee");
    }

    [Fact]
    public async Task the_claim_is_a_prov_entity_generated_by_one_activity_per_event_with_agents_and_derived_from_its_sources()
    {
        var reply = await Api.Get($"/api/claims/{_claim}/prov");

        reply.Code.ShouldBe(200, reply.Body);
        reply.ContentType!.MediaType.ShouldBe("application/ld+json");
        var doc = reply.Json.AsObject();
        var nodes = ShouldUseOnlyKnownTerms(doc);

        var claim = nodes[$"http://localhost/api/claims/{_claim}"];
        Types(claim).ShouldBe(["prov:Entity", "schema:Claim"], ignoreOrder: true);
        Ids(claim["prov:wasDerivedFrom"]).ShouldBe(["http://localhost/api/sources/steppe", "http://localhost/api/sources/courant"]);
        Ids(claim["prov:wasGeneratedBy"]).ShouldBe([$"http://localhost/api/claims/{_claim}/events#event-1"]);
        var activities = nodes.Values.Where(n => Types(n).Contains("prov:Activity")).ToList();
        activities.Select(a => (string)a["rdfs:label"]!).ShouldBe(["claim_extracted", "claim_corroborated", "claim_reviewed", "claim_reviewed"]);
        foreach (var activity in activities)
        {
            activity["prov:startedAtTime"]!["@type"]!.GetValue<string>().ShouldBe("xsd:dateTime");
            Ids(activity["prov:wasAssociatedWith"]).ShouldNotBeEmpty();
        }
        Ids(activities[1]["prov:wasAssociatedWith"]).ShouldBe(["urn:claimsledger:actor:bob"]);
        Ids(activities[1]["prov:used"]).ShouldBe([$"http://localhost/api/claims/{_claim}#v1", "http://localhost/api/sources/courant#char=108,125"]);
        nodes[$"http://localhost/api/claims/{_claim}#v4"]["prov:wasRevisionOf"]!["@id"]!.GetValue<string>().ShouldEndWith("#v3");
        Ids(nodes["http://localhost/api/sources/courant"]["prov:wasDerivedFrom"]).ShouldBe(["http://localhost/api/sources/steppe"]);
        Types(nodes["urn:claimsledger:actor:ana"]).ShouldBe(["prov:Agent"]);
    }

    [Fact]
    public async Task each_review_is_a_schema_org_claim_review_of_the_claim()
    {
        var nodes = ShouldUseOnlyKnownTerms((await Api.Get($"/api/claims/{_claim}/prov")).Json.AsObject());

        var reviews = nodes.Values.Where(n => Types(n).Contains("schema:ClaimReview")).ToList();
        reviews.Count.ShouldBe(2);
        foreach (var review in reviews)
        {
            foreach (var required in new[] { "schema:claimReviewed", "schema:itemReviewed", "schema:author", "schema:datePublished", "schema:reviewRating", "schema:url" })
                review[required].ShouldNotBeNull(required);
            review["schema:reviewRating"]!["@type"]!.GetValue<string>().ShouldBe("schema:Rating");
        }
        reviews.Select(r => r["schema:reviewRating"]!["schema:alternateName"]!.GetValue<string>()).ShouldBe(["rejected", "accepted"]);
        Ids(reviews[1]["schema:author"]).ShouldBe(["urn:claimsledger:actor:dee"]);
    }

    [Fact]
    public async Task accept_json_ld_on_the_claim_gives_the_same_document_and_as_of_gives_it_as_it_was()
    {
        var negotiated = await Api.Send(HttpMethod.Get, $"/api/claims/{_claim}", new Dictionary<string, string> { ["Accept"] = "application/ld+json" });
        var plain = await Api.Send(HttpMethod.Get, $"/api/claims/{_claim}", new Dictionary<string, string> { ["Accept"] = "application/json" });
        var early = await Api.Get($"/api/claims/{_claim}/prov?asOf=2000-01-01");

        negotiated.ContentType!.MediaType.ShouldBe("application/ld+json");
        negotiated.Body.ShouldBe((await Api.Get($"/api/claims/{_claim}/prov")).Body);
        plain.As<ClaimDetails>().Id.ShouldBe(_claim);
        (negotiated.Headers.Vary.Contains("Accept"), plain.Headers.Vary.Contains("Accept")).ShouldBe((true, true));
        early.ShouldBeProblem(404, "id");
        (await Api.Get("/api/claims/clm-000000000000000000000000/prov")).ShouldBeProblem(404, "id");
        // A client that accepts only HTML still gets the problem's usual shape, not a bare one.
        var html = await Api.Send(HttpMethod.Get, "/api/claims/clm-000000000000000000000000/prov", new Dictionary<string, string> { ["Accept"] = "text/html" });
        html.ShouldBeProblem(404, "id");
        html.Json["title"]!.GetValue<string>().ShouldBe("Not Found");
    }

    [Fact]
    public async Task a_json_ld_processor_reads_it_as_prov_o_statements_about_the_claim_its_sources_activities_and_agents()
    {
        var body = (await Api.Get($"/api/claims/{_claim}/prov")).Body;

        var triples = await ToRdfAsync(body);

        var claim = $"<http://localhost/api/claims/{_claim}>";
        triples.ShouldContain((claim, $"<{Rdf}type>", $"<{Prov}Entity>"));
        triples.ShouldContain((claim, $"<{Rdf}type>", $"<{Schema}Claim>"));
        triples.Where(t => t.S == claim && t.P == $"<{Prov}wasDerivedFrom>").Select(t => t.O)
            .ShouldBe(["<http://localhost/api/sources/steppe>", "<http://localhost/api/sources/courant>"], ignoreOrder: true);
        var activities = triples.Where(t => t.P == $"<{Rdf}type>" && t.O == $"<{Prov}Activity>").Select(t => t.S).ToList();
        activities.Count.ShouldBe(4);
        foreach (var activity in activities)
        {
            triples.ShouldContain(t => t.S == activity && t.P == $"<{Prov}wasAssociatedWith>" && t.O.StartsWith("<urn:claimsledger:actor:", StringComparison.Ordinal));
            triples.ShouldContain(t => t.S == activity && t.P == $"<{Prov}startedAtTime>" && t.O.EndsWith($"^^<{Xsd}dateTime>", StringComparison.Ordinal));
        }
        triples.ShouldContain(($"<http://localhost/api/claims/{_claim}/events#event-2>", $"<{Prov}wasAssociatedWith>", "<urn:claimsledger:actor:bob>"));
        triples.ShouldContain(("<urn:claimsledger:actor:bob>", $"<{Rdf}type>", $"<{Prov}Agent>"));
        triples.ShouldContain(("<http://localhost/api/sources/courant>", $"<{Prov}wasDerivedFrom>", "<http://localhost/api/sources/steppe>"));
        var reviews = triples.Where(t => t.P == $"<{Rdf}type>" && t.O == $"<{Schema}ClaimReview>").Select(t => t.S).ToList();
        reviews.Count.ShouldBe(2);
        foreach (var review in reviews) triples.ShouldContain((review, $"<{Schema}itemReviewed>", claim));
        // Every statement the processor kept uses a term of the vocabularies (the processor alone accepts any IRI).
        triples.Select(t => t.P).Concat(triples.Where(t => t.P == $"<{Rdf}type>").Select(t => t.O)).Distinct()
            .Where(iri => !KnownIri(iri.Trim('<', '>'))).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_processor_check_fails_on_a_term_the_context_does_not_define()
    {
        var doc = (await Api.Get($"/api/claims/{_claim}/prov")).Json.AsObject();
        doc["@graph"]![0]!["confidence"] = 0.9;

        using var tools = NodeTools.Prepare();
        var file = Path.Combine(tools.Directory, "broken.jsonld");
        await File.WriteAllTextAsync(file, doc.ToJsonString());
        var (code, _, errors) = await tools.RunAsync("node", null, "jsonld/to-nquads.mjs", file);

        code.ShouldNotBe(0);
        errors.ShouldContain("confidence");
    }

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#", Xsd = "http://www.w3.org/2001/XMLSchema#";

    /// <summary>The document's RDF as jsonld.js produces it in safe mode (which fails on anything it would drop), as (subject, predicate, object) in N-Triples form.</summary>
    private static async Task<List<(string S, string P, string O)>> ToRdfAsync(string jsonLd)
    {
        using var tools = NodeTools.Prepare();
        var file = Path.Combine(tools.Directory, "claim.jsonld");
        await File.WriteAllTextAsync(file, jsonLd);
        var (code, output, errors) = await tools.RunAsync("node", null, "jsonld/to-nquads.mjs", file);
        code.ShouldBe(0, errors);
        var triples = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var match = System.Text.RegularExpressions.Regex.Match(line, @"^(<[^>]*>|_:\S+) (<[^>]*>) (.*) \.$");
            match.Success.ShouldBeTrue($"an N-Quads line in the default graph: {line}");
            return (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        }).ToList();
        triples.ShouldNotBeEmpty();
        return triples;
    }

    private static bool KnownIri(string iri) =>
        iri.StartsWith(Prov, StringComparison.Ordinal) ? ProvTerms.Contains(iri[Prov.Length..])
        : iri.StartsWith(Schema, StringComparison.Ordinal) ? SchemaTerms.Contains(iri[Schema.Length..])
        : iri is $"{Rdf}type" or "http://www.w3.org/2000/01/rdf-schema#label" or "http://www.w3.org/2000/01/rdf-schema#comment";

    /// <summary>Every key and @type is a known term once expanded by the context, and every node referred to is in the graph.</summary>
    private static Dictionary<string, JsonObject> ShouldUseOnlyKnownTerms(JsonObject doc)
    {
        var context = doc["@context"]!.AsObject();
        context["prov"]!.GetValue<string>().ShouldBe(Prov);
        context["schema"]!.GetValue<string>().ShouldBe(Schema);
        var graph = doc["@graph"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var nodes = graph.ToDictionary(n => n["@id"]!.GetValue<string>());
        var referenced = new HashSet<string>();
        void Check(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (key is "@id" or "@value") { if (key == "@id" && o.Count == 1) referenced.Add(value!.GetValue<string>()); continue; }
                        if (key == "@type")
                        {
                            foreach (var type in value is JsonArray a ? a.Select(t => t!.GetValue<string>()) : [value!.GetValue<string>()])
                                Known(type, context).ShouldBeTrue($"@type {type}");
                            continue;
                        }
                        Known(key, context).ShouldBeTrue($"property {key}");
                        Check(value);
                    }
                    break;
                case JsonArray array:
                    foreach (var item in array) Check(item);
                    break;
            }
        }
        foreach (var node in graph) Check(node);
        referenced.Where(r => !nodes.ContainsKey(r)).ShouldBeEmpty("every node referred to is described");
        return nodes;
    }

    private static bool Known(string compact, JsonObject context)
    {
        var (prefix, term) = (compact[..compact.IndexOf(':')], compact[(compact.IndexOf(':') + 1)..]);
        return context[prefix]?.GetValue<string>() switch
        {
            Prov => ProvTerms.Contains(term),
            Schema => SchemaTerms.Contains(term),
            "http://www.w3.org/2000/01/rdf-schema#" => term is "label" or "comment",
            "http://www.w3.org/2001/XMLSchema#" => term is "dateTime",
            _ => false,
        };
    }

    private static List<string> Types(JsonNode node) =>
        node["@type"] is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToList() : [node["@type"]!.GetValue<string>()];

    private static List<string> Ids(JsonNode? node) =>
        node is JsonArray a ? a.Select(n => n!["@id"]!.GetValue<string>()).ToList() : node is null ? [] : [node["@id"]!.GetValue<string>()];
}

using System.Text.Json.Serialization;

namespace ClaimsLedger.Api.Provenance;

/// <summary>
/// A claim and its provenance as W3C PROV-O JSON-LD (application/ld+json), with schema.org terms for the claim's text, the
/// sources' bibliographic facts and each review (a schema:ClaimReview). The shape of what <see cref="ClaimProvDocument"/>
/// writes, declared so the OpenAPI document describes it; any JSON-LD processor reads it as RDF.
/// </summary>
/// <param name="Context">The JSON-LD context, in the document itself (no remote context to fetch): the prefixes prov
/// (http://www.w3.org/ns/prov#), schema (https://schema.org/), xsd and rdfs.</param>
/// <param name="Graph">The nodes, each with its @id and @type: the claim (prov:Entity and schema:Claim, prov:wasDerivedFrom its
/// sources); per claim event a prov:Activity (…/events#event-N: its actor in prov:wasAssociatedWith, the passage it cited and the
/// previous revision in prov:used) and the revision it generated (…#vN); a schema:ClaimReview per review; each source
/// (prov:Entity and schema:CreativeWork, prov:wasAttributedTo its original publisher; a syndicated copy prov:wasDerivedFrom its
/// original); each quoted passage (…/api/sources/{id}#char=start,end); and the agents (urn:claimsledger:actor:…).</param>
public sealed record ClaimProvenance(
    [property: JsonPropertyName("@context")] IReadOnlyDictionary<string, string> Context,
    [property: JsonPropertyName("@graph")] IReadOnlyList<IReadOnlyDictionary<string, object>> Graph);

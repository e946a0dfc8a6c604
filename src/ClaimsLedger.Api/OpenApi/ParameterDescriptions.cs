using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// Describes the route and query parameters, which mean the same wherever they occur (asOf is always a record time,
/// page always counts from 1), so they are explained once here rather than in a <c>param</c> tag on every endpoint
/// (which would also have to document every injected service). Where a name means something else on one path, the
/// path's own entry wins.
/// </summary>
public sealed class ParameterDescriptions : IOperationFilter
{
    private const string Subject = "an ISO 3166-1 alpha-2 country code in upper case (`KZ`), or `CENTRAL_ASIA` or `SOUTH_CAUCASUS`";

    private static readonly Dictionary<string, string> Everywhere = new()
    {
        ["subject"] = $"The subject: {Subject}.",
        ["asOf"] = "Read as the ledger stood at this record time: an ISO 8601 instant (`2024-06-01T00:00:00Z`; a date alone means 00:00 UTC), " +
                   "years 1000 to 2999. Omit for now.",
        ["validFrom"] = "Start of the valid-time window: a year (`2023`), month (`2023-05`), day (`2023-05-18`) or range (`2022/2024`). Only claims " +
                        "whose valid time overlaps the window count; claims without a valid time are left out once either bound is given. Omit for no lower bound.",
        ["validTo"] = "End of the valid-time window, written like validFrom; the window includes the whole of it (`2023` runs to the end of 2023). " +
                      "Must not end before validFrom starts. Omit for no upper bound.",
        ["publishedBy"] = "Publication cut-off: count only evidence from sources published by then (a year `2023`, month `2024-06`, day " +
                          "`2024-07-01` or instant), so a source counts when its whole publication period has ended by the end of the cut-off. Omit for all sources.",
        ["page"] = "The page to return, from 1 (default 1); pages may not start beyond item 1,000,000.",
        ["pageSize"] = "Items per page, 1 to 200 (default 50).",
        ["top"] = "How many of the heaviest contributions to list, 1 to 200 (default 20); /contributions pages through all of them.",
        ["from"] = "The earlier record time: an ISO 8601 instant (`2024-01-01T00:00:00Z`).",
        ["to"] = "The later record time, not before from: an ISO 8601 instant (`2024-03-01T00:00:00Z`).",
    };

    private static readonly Dictionary<(string Path, string Name), string> OnPath = new()
    {
        [("/api/claims/{id}", "id")] = "The claim's id (`clm-` and 24 hex digits), as POST /api/claims answered it.",
        [("/api/claims", "subject")] = $"Only claims about this subject: {Subject}.",
        [("/api/claims", "power")] = "Only claims with an effect on this power: an ISO 3166-1 alpha-2 code in upper case, `EU` or `WEST`.",
        [("/api/claims", "dimension")] = "Only claims with an effect along this dimension: economic, security, diplomatic, energy, infrastructure, cultural or migration.",
        [("/api/claims", "status")] = "Only claims with this status: recorded, proposed, accepted, rejected, retracted, superseded or merged.",
        [("/api/claims", "sourceId")] = "Only claims that cite this source as supporting evidence.",
        [("/api/sources/{id}", "id")] = "The source's id, as POST /api/sources answered it.",
        [("/api/contradictions/{id}", "id")] = "The contradiction's id (`ctr-` and 24 hex digits), as GET /api/contradictions lists it.",
        [("/api/contradictions", "resolved")] = "Only contradictions an analyst has resolved (true) or not (false); omit for both.",
        [("/api/changes", "after")] = "Serve events after this ledger position (a write's `position`, an entry's `position` or a page's `next`); " +
                                      "default 0, the beginning. With server-sent events, Last-Event-ID takes precedence.",
        [("/api/changes", "limit")] = "Events per page (or per read of a live stream), 1 to 1000 (default 100).",
        [("/api/changes", "types")] = "Only these event types, comma-separated (`claim_extracted,claim_retracted`).",
        [("/api/changes", "streams")] = "Only these streams, comma-separated: ids, or prefixes ending in `*` (`clm-*`); at most 50.",
        [("/api/alignments/changes", "after")] = "Serve changes after this point: a ledger position (skipping every change caused by events up to it) or a " +
                                                 "`{position}:{subject}` cursor from a page's `next` or an entry's `cursor`. With server-sent events, Last-Event-ID takes precedence.",
        [("/api/alignments/changes", "limit")] = "Changes per page (or per read of a live stream), 1 to 1000 (default 100).",
        [("/api/alignments/changes", "subjects")] = $"Only changes of these subjects, comma-separated (`KZ,KG`); each {Subject}.",
        [("/api/subscriptions/{id}", "id")] = "The subscription's id, as POST /api/subscriptions answered it.",
        [("/api/subscriptions/{id}/deliveries", "status")] = "Only deliveries in this state: pending, retrying, delivered, dead or cancelled.",
        [("/api/subscriptions/{id}/deliveries/{deliveryId}/redrive", "deliveryId")] =
            "The dead delivery's id (its webhook-id, `evt_…` or `aln_…`), from GET /api/subscriptions/{id}/deliveries?status=dead.",
        [("/api/admin/projections/rebuilds/{id}", "id")] = "The rebuild's id, from the Location of POST /api/admin/projections/rebuild.",
        [("/api/audit/events/{sequence}/proof", "sequence")] =
            "The event's global sequence (`seq_id`), as an export line, a verification or a checkpoint request names it.",
        [("/api/alignments/{subject}/history", "from")] = "Only changes recorded at or after this instant (ISO 8601, `2024-01-01T00:00:00Z`); omit for the beginning.",
        [("/api/alignments/{subject}/history", "to")] = "Only changes recorded at or before this instant (ISO 8601), not before from; omit for now.",
        [("/api/reports/alignment", "subjects")] = $"The subjects to report on, comma-separated (`KZ,KG`), 1 to 20 of them; each {Subject}.",
        [("/api/reports/alignment", "format")] = "`json`, `markdown`, `html` or `csv`. Omit to choose by the Accept header " +
                                                               "(`application/json`, `text/markdown`, `text/html`, `text/csv`; JSON otherwise).",
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var path = "/" + context.ApiDescription.RelativePath?.Split('?')[0].TrimStart('/');
        // Claims, sources, contradictions and subscriptions share the shape of their sub-resources' routes: /api/claims/{id}/review names the claim too.
        var resource = path.StartsWith("/api/claims/{id}", StringComparison.Ordinal) ? "/api/claims/{id}"
            : path.StartsWith("/api/sources/{id}", StringComparison.Ordinal) ? "/api/sources/{id}"
            : path.StartsWith("/api/contradictions/{id}", StringComparison.Ordinal) ? "/api/contradictions/{id}"
            : path.StartsWith("/api/subscriptions/{id}", StringComparison.Ordinal) ? "/api/subscriptions/{id}" : path;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            // The endpoint takes it as text, to answer any other text with a 404 naming it (GetEventProof); it is a sequence.
            if ((path, parameter.Name) == ("/api/audit/events/{sequence}/proof", "sequence"))
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" };
            if (!string.IsNullOrEmpty(parameter.Description) || parameter.Name is not { } name) continue;
            parameter.Description = OnPath.GetValueOrDefault((path, name)) ?? OnPath.GetValueOrDefault((resource, name)) ?? Everywhere.GetValueOrDefault(name);
        }
    }
}

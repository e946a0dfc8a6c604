using System.Reflection;
using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Claims;
using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The problem responses an endpoint can give follow from what it is, so they are decided here once rather than on
/// every endpoint: any request can be refused for a bad field (400), a missing or unknown key (401, once keys are
/// configured), the rate limit (429) or an unreachable database (503); what needs more than a reader can be forbidden
/// (403); a body can be too large (413), or not JSON or compressed (415); a command can lose to a concurrent writer or hit a stale
/// version (409) and can reuse an Idempotency-Key for another request (422); a command on a stream named in the
/// route, or citing a source, can find it missing (404), as can a read of one resource by id. Every 4xx problem names
/// the field at fault in <c>errors</c> (see ProblemShape), so all are documented with that shape.
/// <para>
/// The policy declares them on the endpoint; the operation filter then removes from the OpenAPI document any other
/// problem status the frameworks assumed (Wolverine documents a 404 for every JSON endpoint), so each operation lists
/// exactly what it can answer.
/// </para>
/// </summary>
public sealed class ProblemResponses : IHttpPolicy, IOperationFilter
{
    private const string Problem = "application/problem+json";

    public static SortedSet<int> For(HttpChain chain)
    {
        var statuses = new SortedSet<int> { 400, 401, 429, 503 };
        var command = AccessPolicy.SendsCommands(chain);
        if (AccessPolicy.RoleFor(chain) != Roles.Reader) statuses.Add(403);
        if (TakesBody(chain)) statuses.UnionWith([413, 415]);
        if (command) statuses.UnionWith([409, 422]);
        if (command && (chain.RoutePattern?.Parameters.Count > 0 || CitesSources(chain.RequestType)) || ReadsOneById(chain)) statuses.Add(404);
        statuses.UnionWith(Declared(chain).Where(s => s >= 400));
        return statuses;
    }

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        foreach (var status in For(chain).Except(Declared(chain)))
            chain.Metadata.WithMetadata(new ProducesResponseTypeMetadata(status, status < 500 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), [Problem]));
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (LedgerOperation.Of(context) is not { } op || operation.Responses is null) return;
        var possible = For(op.Chain);
        foreach (var (code, response) in operation.Responses.ToList())
        {
            if (!int.TryParse(code, out var status)) continue;
            // A success the endpoint does not declare is the frameworks' guess (Wolverine adds 200 for any IResult).
            if (status < 400 && !Declared(op.Chain).Contains(status) && Declared(op.Chain).Any(s => s < 400)) operation.Responses.Remove(code);
            if (status < 400) continue;
            if (!possible.Contains(status)) operation.Responses.Remove(code);
            else if (response is OpenApiResponse problem && Descriptions.TryGetValue(status, out var description)) problem.Description = description;
        }
    }

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [400] = "A field, query parameter or header is invalid: `errors` names each one with what is wrong.",
        [401] = "API keys are configured and the request has none, or an unknown one (X-Api-Key or Authorization: Bearer); or, without keys, a write names no actor (X-Actor).",
        [403] = "The key's role does not allow this (reader < analyst < admin).",
        [404] = "The resource named in the route, or a source the body cites, does not exist.",
        [409] = "The stream has moved on from the version the client expected (If-Match / expectedVersion), the change conflicts with the stream's state, or a concurrent write won; read again and retry.",
        [413] = "The request body is larger than the API accepts.",
        [415] = "The request body is not labelled JSON (Content-Type: application/json, any case; none is read as JSON), or has a Content-Encoding other than identity: bodies are not decompressed.",
        [422] = "The request is well formed but cannot be applied: evidence that does not occur in the source's text, or an Idempotency-Key reused for a different request.",
        [429] = "Too many requests from this caller; Retry-After says when to try again.",
        [503] = "The ledger is unavailable (database unreachable), or the position asked for has not been projected yet; Retry-After says when to try again.",
    };

    private static bool TakesBody(HttpChain chain) =>
        chain.RequestType is not null && chain.HttpMethods.Any(m => HttpMethods.IsPost(m) || HttpMethods.IsPut(m) || HttpMethods.IsPatch(m));

    // A read of one resource by id (a claim, a source, a rebuild) answers 404 when there is none.
    private static bool ReadsOneById(HttpChain chain) =>
        !AccessPolicy.SendsCommands(chain) && chain.RoutePattern?.Parameters.Any(p => p.Name == "id") == true;

    private static bool CitesSources(Type? request) =>
        request?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.PropertyType == typeof(EvidenceInput)) == true;

    private static IEnumerable<int> Declared(HttpChain chain) =>
        chain.Method.Method.GetCustomAttributes<ProducesResponseTypeAttribute>().Select(a => a.StatusCode);
}

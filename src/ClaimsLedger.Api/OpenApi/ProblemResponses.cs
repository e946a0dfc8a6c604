using System.Reflection;
using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Claims;
using JasperFx;
using JasperFx.CodeGeneration;

namespace ClaimsLedger.Api.OpenApi;

/// <summary>
/// The problem responses an endpoint can give follow from what it is, so they are declared here once rather than on
/// every endpoint: any request can be refused for a bad field (400), by the rate limit (429) or for an unreachable
/// database (503); what needs a caller can answer 401/403; a command can lose to a concurrent writer or hit a stale
/// version (409) and can be a reused Idempotency-Key (422); a command on a stream named in the route, or citing a
/// source, can find it missing (404), and evidence can disagree with the source text (422).
/// </summary>
public sealed class ProblemResponses : IHttpPolicy
{
    private const string Problem = "application/problem+json";

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            var statuses = new List<int> { 400, 429, 503 };
            var command = AccessPolicy.SendsCommands(chain);
            if (command || AccessPolicy.RoleFor(chain) != Roles.Reader) statuses.AddRange([401, 403]);
            if (command) statuses.AddRange([409, 422]);
            if (command && (chain.RoutePattern?.Parameters.Count > 0 || CitesSources(chain.RequestType)) || Reads(chain)) statuses.Add(404);
            foreach (var status in statuses.Where(s => !Declared(chain, s)))
                chain.Metadata.WithMetadata(new ProducesResponseTypeMetadata(status, status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails), [Problem]));
        }
    }

    // A read of one resource by id (a claim, a source, a rebuild) answers 404 when there is none.
    private static bool Reads(HttpChain chain) =>
        !AccessPolicy.SendsCommands(chain) && chain.RoutePattern?.Parameters.Any(p => p.Name == "id") == true;

    private static bool CitesSources(Type? request) =>
        request?.GetProperties(BindingFlags.Public | BindingFlags.Instance).Any(p => p.PropertyType == typeof(EvidenceInput)) == true;

    private static bool Declared(HttpChain chain, int status) =>
        chain.Method.Method.GetCustomAttributes<ProducesResponseTypeAttribute>().Any(a => a.StatusCode == status);
}

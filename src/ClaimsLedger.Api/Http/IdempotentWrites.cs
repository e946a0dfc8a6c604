using JasperFx;
using JasperFx.CodeGeneration;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Every write endpoint honours an optional <c>Idempotency-Key</c> header through Wolverine's own
/// <c>[DeduplicatedWithResponse]</c>: the same key with the same request (method, path, query and body bytes) is
/// answered with the first response — status, body and Location — without running again; the same key with another
/// request is a 422. Keys belong to the caller (scoped by the authenticated name), so one caller can never be
/// answered with another's response. Claims are kept for Wolverine's deduplication window (24 hours).
/// </summary>
public sealed class IdempotentWrites : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(Access.AccessPolicy.SendsCommands))
            chain.DeduplicatedWithResponse ??= new DeduplicatedWithResponseRequirement { Scope = DeduplicationScope.User, Required = false };
    }
}

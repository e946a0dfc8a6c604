using JasperFx;
using JasperFx.CodeGeneration;
using Microsoft.AspNetCore.Authorization;

namespace ClaimsLedger.Api.Access;

/// <summary>
/// The role every endpoint needs, decided in one place from what the endpoint is: /api/admin/* and /api/subscriptions/* need an admin;
/// anything that sends a command (it takes the message bus) needs an analyst; the rest reads and needs a reader.
/// Without keys (the local default) reads are open to anyone who can reach the loopback address, and a write
/// needs only a name (X-Actor).
/// </summary>
public sealed class AccessPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
            chain.Metadata.RequireAuthorization(RoleFor(chain));
    }

    public static string RoleFor(HttpChain chain)
    {
        var admin = AdminPrefixes.Any(p => chain.RoutePattern?.RawText?.StartsWith(p, StringComparison.Ordinal) == true);
        var writes = SendsCommands(chain);
        return admin ? (writes ? Roles.Admin : AdminRead) : writes ? Roles.Analyst : Roles.Reader;
    }

    /// <summary>Admin-only routes: the admin actions, and webhook subscriptions (a receiver gets the whole ledger).</summary>
    public static readonly IReadOnlyList<string> AdminPrefixes = ["/api/admin", "/api/subscriptions"];

    /// <summary>Reading what admins do (a rebuild's progress): admins only, once keys exist.</summary>
    private const string AdminRead = "admin-read";

    public static bool SendsCommands(HttpChain chain) =>
        chain.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(IMessageContext));

    public static void AddPolicies(AuthorizationOptions options, ApiKeyRing keys)
    {
        options.AddPolicy(Roles.Reader, p => p.RequireAssertion(ctx => !keys.Configured || Roles.All.Any(ctx.User.IsInRole)));
        options.AddPolicy(AdminRead, p => p.RequireAssertion(ctx => !keys.Configured || ctx.User.IsInRole(Roles.Admin)));
        options.AddPolicy(Roles.Analyst, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Analyst)));
        options.AddPolicy(Roles.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.AtLeast(Roles.Admin)));
    }
}

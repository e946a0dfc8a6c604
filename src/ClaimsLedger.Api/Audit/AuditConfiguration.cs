using ClaimsLedger.Api.Access;
using ClaimsLedger.Api.Configuration;
using JasperFx.Events.Projections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Audit;

public static class AuditConfiguration
{
    public static IServiceCollection AddLedgerAudit(this IServiceCollection services)
    {
        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section);
        services.AddSingleton<IValidateOptions<LedgerOptions>, AuditOptionsValidator>();
        services.AddSingleton<AuditSigner>();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>>(sp =>
            new ConfigureOptions<AuthorizationOptions>(o => AuditAccess.AddPolicies(o, sp.GetRequiredService<ApiKeyRing>())));
        return services;
    }

    public static void AddAudit(this StoreOptions opts, IServiceProvider services)
    {
        // Async: the daemon is the chain's single ordered writer (see AuditChainProjection). No DeleteViewTypeOnTeardown:
        // a rebuild must leave the links and checkpoints as they are.
        opts.Projections.Add(new AuditChainProjection(services.GetRequiredService<AuditSigner>(), services.GetRequiredService<IOptions<AuditOptions>>().Value),
            ProjectionLifecycle.Async, AuditChainProjection.Name);
        opts.Schema.For<AuditLink>();
        opts.Schema.For<AuditCheckpoint>();
        opts.Schema.For<AuditChainHead>();
    }
}

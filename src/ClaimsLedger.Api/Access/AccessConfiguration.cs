using ClaimsLedger.Api.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace ClaimsLedger.Api.Access;

public static class AccessConfiguration
{
    public static IServiceCollection AddLedgerAccess(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyRing>();
        services.AddHostedService<AccessReport>();
        services.AddAuthentication(LedgerAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, LedgerAuthentication>(LedgerAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddSingleton<IConfigureOptions<AuthorizationOptions>>(sp =>
            new ConfigureOptions<AuthorizationOptions>(o => AccessPolicy.AddPolicies(o, sp.GetRequiredService<ApiKeyRing>())));
        return services;
    }
}

namespace ClaimsLedger.Api.Admin;

public static class AdminConfiguration
{
    public static IServiceCollection AddProjectionRebuilds(this IServiceCollection services) =>
        services.AddSingleton<ProjectionRebuilds>().AddHostedService<ProjectionRebuilder>();
}

namespace ClaimsLedger.Api.Changes;

public static class ChangesConfiguration
{
    public static IServiceCollection AddChangeFeeds(this IServiceCollection services) => services.AddSingleton<ProgressWatch>();
}

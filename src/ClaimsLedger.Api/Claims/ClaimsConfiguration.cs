using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Claims;

public static class ClaimsConfiguration
{
    public static void AddClaims(this StoreOptions opts)
    {
        // Claim streams are short; commands fold them live rather than keep a second copy of the write model.
        opts.Projections.LiveStreamAggregation<ClaimState>();
        // Inline: a command's response and the next GET already show its effect.
        opts.Projections.Add<ClaimDetailsProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<ClaimDetails>().Index(c => c.Subject).GinIndexJsonData();
    }
}

using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Sources;

public static class SourcesConfiguration
{
    public static void AddSources(this StoreOptions opts)
    {
        opts.Projections.LiveStreamAggregation<SourceState>();
        // Inline: evidence checks read the text in the same request that registered the source.
        opts.Projections.Add<SourceDetailsProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<SourceTextProjection>(ProjectionLifecycle.Inline);
        // Unique: two registrations of one text as an original must not both succeed (the second answers with the first, or
        // becomes its copy). Copies hold null here, which PostgreSQL never counts as a duplicate.
        opts.Schema.For<SourceDetails>().UniqueIndex(s => s.OriginalSha256!);
    }
}

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
        // Known to the store up front, like every other document: the start-up migration then brings its table up to date too,
        // rather than the first registration after an upgrade (an event projection's documents are otherwise met on first use).
        opts.Schema.For<SourceText>();
    }
}

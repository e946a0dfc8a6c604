using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Provenance;

public static class ProvenanceConfiguration
{
    public static void AddProvenance(this StoreOptions opts)
    {
        // Inline and one document per event: safe under concurrent writers, visible to the next read.
        opts.Projections.Add<SourceClaimLinkProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<SourceClaimLink>().Index(l => l.SourceId);
    }
}

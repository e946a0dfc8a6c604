using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Contradictions;

public static class ContradictionsConfiguration
{
    public static void AddContradictions(this StoreOptions opts)
    {
        // Async, like the alignment: the daemon is the single writer of pairs and candidate lists, so concurrent commands about one
        // subject never lose a contradiction; a read can wait for it with minPosition.
        opts.Projections.Add(new ContradictionProjection(), ProjectionLifecycle.Async, ContradictionProjection.Name, async =>
        {
            async.DeleteViewTypeOnTeardown<Contradiction>();
            async.DeleteViewTypeOnTeardown<ContradictionClaim>();
            async.DeleteViewTypeOnTeardown<ContradictionSource>();
            async.DeleteViewTypeOnTeardown<ContradictionCandidate>();
            async.DeleteViewTypeOnTeardown<UnresolvedCount>();
            async.DeleteViewTypeOnTeardown<UnresolvedCountMoment>();
        });
        opts.Projections.LiveStreamAggregation<ContradictionState>();
        opts.Schema.For<Contradiction>().Duplicate(c => c.Subject).Duplicate(c => c.Active).Duplicate(c => c.Resolved)
            .Duplicate(c => c.DetectedSequence).Duplicate(c => c.DetectedAt);
        opts.Schema.For<ContradictionClaim>();
        opts.Schema.For<ContradictionSource>();
        opts.Schema.For<ContradictionCandidate>().Duplicate(c => c.Key);
        opts.Schema.For<UnresolvedCount>();
        opts.Schema.For<UnresolvedCountMoment>().Duplicate(m => m.Subject).Duplicate(m => m.Timestamp).Duplicate(m => m.Sequence);
    }
}

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
            async.DeleteViewTypeOnTeardown<ContradictionClock>();
        });
        opts.Projections.LiveStreamAggregation<ContradictionState>();
        // Listed through the indexes of Contradiction.ConfigureMarten; a claim's pairs are found by their ids (ContradictionBatch).
        opts.Schema.For<Contradiction>();
        opts.Schema.For<ContradictionClaim>();
        opts.Schema.For<ContradictionSource>();
        opts.Schema.For<ContradictionCandidate>();
        opts.Schema.For<UnresolvedCount>();
        opts.Schema.For<UnresolvedCountMoment>();
        opts.Schema.For<ContradictionClock>();
    }
}

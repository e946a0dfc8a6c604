using JasperFx.Events.Projections;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

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
        // Listed through the indexes of Contradiction.ConfigureMarten.
        opts.Schema.For<Contradiction>()
            // A claim's pairs, found by either claim (ContradictionBatch) through a GIN index on both ids: each claim used to list
            // its pairs' ids, a list every new pair rewrote on both claims and that grew with a busy subject's claims.
            // Without GIN's pending list (fastupdate): with it, every search also scanned the up to 4 MB of entries not yet merged
            // into the index, which a stream of new pairs keeps full (a rebuild's pair searches took 46 ms for 518 pairs found).
            // Two keys a row are cheap to merge as each pair is written.
            .Duplicate(c => c.ClaimIds, pgType: "varchar[]", dbType: NpgsqlDbType.Array | NpgsqlDbType.Varchar, configure: index =>
            {
                index.Method = IndexMethod.gin;
                index.StorageParameters["fastupdate"] = "off";
            });
        opts.Schema.For<ContradictionClaim>();
        opts.Schema.For<ContradictionSource>();
        opts.Schema.For<ContradictionCandidate>();
        opts.Schema.For<UnresolvedCount>();
        opts.Schema.For<UnresolvedCountMoment>();
        opts.Schema.For<ContradictionClock>();
    }
}

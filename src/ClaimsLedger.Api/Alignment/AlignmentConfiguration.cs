using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Alignment;

public static class AlignmentConfiguration
{
    public static void AddAlignment(this StoreOptions opts)
    {
        // Async: the daemon is the single writer of subject documents, so concurrent commands cannot lose a
        // contribution; the price is a short lag, which SubjectAlignment.LastSequence makes visible.
        opts.Projections.Add(new AlignmentProjection(), ProjectionLifecycle.Async, AlignmentProjection.Name, async =>
        {
            // Small batches: under a steady stream of writes a new claim waits for the batch in progress, so a page of 500
            // events held visibility at seconds (benchmark: p99 3.4 s at 500, 0.3-0.4 s at 20; rebuild speed unchanged).
            // 50 caught up faster but held p99 at 0.8-1.0 s; 10 could not keep up with 300 claims/s (p50 1.8 s).
            async.BatchSize = 20;
            async.DeleteViewTypeOnTeardown<SubjectAlignment>();
            async.DeleteViewTypeOnTeardown<AlignmentClaim>();
            async.DeleteViewTypeOnTeardown<AlignmentSource>();
            async.DeleteViewTypeOnTeardown<AlignmentChange>();
            async.DeleteViewTypeOnTeardown<AlignmentSnapshot>();
            async.DeleteViewTypeOnTeardown<ContributionSpan>();
            async.DeleteViewTypeOnTeardown<ValidTimeTotals>();
            async.DeleteViewTypeOnTeardown<AlignmentClock>();
        });
        opts.Schema.For<SubjectAlignment>();
        opts.Schema.For<AlignmentClaim>();
        opts.Schema.For<AlignmentSource>();
        opts.Schema.For<AlignmentClock>();
        // Real columns (each type's ConfigureMarten), read through (subject, …) indexes: history pages, diffs and as-of reads
        // scan one subject's changes and snapshots in sequence order; top contributions and their pages scan its spans in
        // weight order. A claim's own spans are found by claim id, the one column with an index of its own.
        opts.Schema.For<AlignmentChange>();
        opts.Schema.For<AlignmentSnapshot>();
        opts.Schema.For<ValidTimeTotals>();
        opts.Schema.For<ContributionSpan>().Duplicate(s => s.ClaimId);
    }

    /// <summary>
    /// A (subject, column) index on a document with both duplicated, for the scans above; Marten calls each document
    /// type's static ConfigureMarten, and its own index options stop at one column per duplicated field. Columns a scan
    /// filters on besides are carried in the index (<paramref name="include"/>), so the scan never visits the table.
    /// </summary>
    public static void SubjectThen(Marten.Schema.DocumentMapping mapping, string column, params string[] include)
    {
        var index = new Weasel.Postgresql.Tables.IndexDefinition($"ix_{mapping.DocumentType.Name.ToLowerInvariant()}_subject_{column}")
        {
            Columns = ["subject", column],
        };
        if (include.Length > 0) index.IncludeColumns = include;
        mapping.Indexes.Add(index);
    }
}

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
            async.DeleteViewTypeOnTeardown<SubjectAlignment>();
            async.DeleteViewTypeOnTeardown<AlignmentClaim>();
            async.DeleteViewTypeOnTeardown<AlignmentSource>();
            async.DeleteViewTypeOnTeardown<AlignmentChange>();
            async.DeleteViewTypeOnTeardown<AlignmentSnapshot>();
        });
        opts.Schema.For<SubjectAlignment>();
        opts.Schema.For<AlignmentClaim>();
        opts.Schema.For<AlignmentSource>();
        // Real columns for the range scans of history, diffs and as-of reads.
        opts.Schema.For<AlignmentChange>().Duplicate(c => c.Subject).Duplicate(c => c.Sequence).Duplicate(c => c.Timestamp);
        opts.Schema.For<AlignmentSnapshot>().Duplicate(s => s.Subject).Duplicate(s => s.Sequence).Duplicate(s => s.Timestamp);
    }
}

using JasperFx.Events.Projections;
using NpgsqlTypes;
using Weasel.Postgresql.Tables;

namespace ClaimsLedger.Api.Claims;

public static class ClaimsConfiguration
{
    public static void AddClaims(this StoreOptions opts)
    {
        // Claim streams are short; commands fold them live rather than keep a second copy of the write model.
        opts.Projections.LiveStreamAggregation<ClaimState>();
        // Inline: a command's response and the next GET already show its effect.
        opts.Projections.Add<ClaimDetailsProjection>(ProjectionLifecycle.Inline);
        // The claim list filters by subject and pages in record order: real columns and one (subject, recorded_at, id)
        // index (ClaimDetails.ConfigureMarten) for the page's ids; unfiltered lists walk recorded_at's own index, and the
        // power, dimension, source and status filters the GIN index of the filter keys (ClaimFilterKeys). The subject's own
        // index is kept for the total: counting a subject's claims there (deduplicated, a fifth of the size) took 3.4 ms at
        // 200k events against 6.2 ms in the composite one.
        opts.Schema.For<ClaimDetails>().Duplicate(c => c.Subject).Duplicate(c => c.RecordedAt)
            .Duplicate(c => c.FilterKeys, pgType: "varchar[]", dbType: NpgsqlDbType.Array | NpgsqlDbType.Varchar,
                configure: index => index.Method = IndexMethod.gin);
    }
}

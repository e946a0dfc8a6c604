using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Postgres;

/// <summary>
/// How far each projection and subscription may load ahead of what it has applied, in the live daemon and in a rebuild.
/// Marten's default lets every agent hold 5,000 loaded events (<see cref="AsyncOptions.MaximumHopperSize"/>): an agent
/// trailing a burst of writes fills it (the contradictions agent held 3,500 of 6,000 events appended at once), and each
/// of those deserialized events lives across many collections into the oldest generation, where it stays as garbage until
/// a full collection. Two of an agent's own pages (twenty-five of the alignment's small ones) keep its next page loading
/// while one is applied, which is all the loading ahead is for.
/// </summary>
public static class DaemonLoadAhead
{
    /// <summary>Events an agent may hold loaded and not yet applied, however small its pages.</summary>
    public const int Events = 500;

    public static void Bound(AsyncOptions options) => options.MaximumHopperSize = Math.Max(Events, 2 * options.BatchSize);
}

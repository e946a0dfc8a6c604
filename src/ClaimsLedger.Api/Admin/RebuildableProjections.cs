using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// The projections a rebuild can replay, by the names Marten knows them under, in registration order.
/// Live aggregations (the write models) are left out: they are folded from the events on every read and
/// have no documents to rebuild. So is the audit hash chain: its links and signed checkpoints are written once and
/// never replaced, since recomputing them over the events as they are now would launder any alteration (and a
/// blue/green rebuild would swap in exactly that).
/// </summary>
public static class RebuildableProjections
{
    public static IReadOnlyList<(string Name, ProjectionLifecycle Lifecycle)> Of(IDocumentStore store) =>
        ((DocumentStore)store).Options.Projections.All
            .Where(p => p.Lifecycle != ProjectionLifecycle.Live && p.Name != Audit.AuditChainProjection.Name)
            .Select(p => (p.Name, p.Lifecycle))
            .ToList();
}

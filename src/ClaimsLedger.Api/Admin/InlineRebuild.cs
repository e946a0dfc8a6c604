using JasperFx.Events.Aggregation;
using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Replays an inline projection over its live documents while commands keep writing them in the same transactions as their
/// events (tables beside the live ones would miss those writes). Nothing is deleted first, so reads see every document
/// throughout. How it is replayed depends on what the projection writes:
/// <list type="bullet">
/// <item>one document per stream (claims, sources, subscriptions): stream by stream, each folded afresh from all its events
/// with the stream held against appends for the moment (<see cref="StreamReplay"/>), so a write made during the rebuild is
/// neither lost nor folded twice;</item>
/// <item>one document per event, its id derived from the event (provenance links, source texts): in event order in sized
/// saves (<see cref="SequenceReplay"/>); a replayed event rewrites exactly the document its command wrote, whatever
/// commands do meanwhile.</item>
/// </list>
/// Both bound what one save builds; Marten's daemon, which replayed them before, held several pages of loaded events and
/// their documents at once.
/// </summary>
internal sealed class InlineRebuild(IDocumentStore store, ILogger logger)
{
    /// <summary>
    /// Written setwise by the replays (<see cref="Postgres.SetUpsert{T}"/>): the claims, 156,603 rows on the 200k ledger, and
    /// the provenance links, 166,698, which Marten upserted one statement each.
    /// </summary>
    private static readonly IReadOnlyList<Postgres.ISetUpsert> Setwise = [Claims.ClaimDetails.Rows, Provenance.SourceClaimLink.Rows];

    /// <summary>
    /// Where an inline replay starts among the others, longest first, so that a rebuild does not end on a long replay begun
    /// last (on the 200k ledger the claims take 32–34 s alone, the provenance links 13 s, the sources, their texts and the
    /// subscriptions under 4 s each; the claims went third and ended the rebuild alone).
    /// </summary>
    public static int StartOrder(string projection) => projection switch
    {
        nameof(Claims.ClaimDetails) => 0,
        nameof(Provenance.SourceClaimLink) => 1,
        _ => 2,
    };

    /// <summary>The stored names of the event types <paramref name="source"/> applies; none when it does not say (then every stream is replayed).</summary>
    public static IReadOnlyCollection<string> EventTypeNames(IDocumentStore store, object source)
    {
        // An interface or base type stands for event types whose stored names it does not have: then every stream.
        return source is EventFilterable { IncludedEventTypes: { Count: > 0 } types } && types.All(t => t is { IsInterface: false, IsAbstract: false })
            ? types.Select(t => Postgres.StoredEventTypes.NameOf(store, t)).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    public async Task RunAsync(string projection, RebuildProgress rebuild, CancellationToken ct)
    {
        var source = ((DocumentStore)store).Options.Projections.All.Single(p => p.Name == projection);
        if (source is IAggregateProjection)
        {
            var replay = new StreamReplay(store, source.BuildForInline(), done => rebuild.Advance(projection, (long)(done * rebuild.HighWater)), logger,
                Setwise, EventTypeNames(store, source));
            await replay.RunAsync(ct);
        }
        else
        {
            var replay = new SequenceReplay(store, (IJasperFxProjection<IDocumentOperations>)source, sequence => rebuild.Advance(projection, sequence),
                setwise: Setwise);
            await replay.CatchUpAsync(rebuild.HighWater, ct);
        }
    }
}

using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Archiving;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Replays one projection's events, in sequence order, into the documents of a rebuild store: what the daemon does for
/// the live shard, without the daemon. The daemon cannot do it here: its progress row (<c>mt_event_progression</c>) sits
/// beside the shared events under the projection's name, which the live shard owns.
/// </summary>
internal sealed class ShadowReplay(IDocumentStore shadow, IJasperFxProjection<IDocumentOperations> projection, Action<long> progressed,
    int maxWritesPerSave = ShadowReplay.DefaultMaxWritesPerSave)
{
    // The daemon's page size. Larger pages measured slower on this box: 2,000 events a page replayed the same 5,729
    // events in 12.2 s, 500 in 9.9 s, under the same load.
    private const int PageSize = 500;

    // At most this many documents a save: Marten builds every command of a save before sending any, and a page of 30 regrades
    // (each re-scoring every claim on its source) wrote 17,000 documents in one save holding over 100 MB. A usual page of
    // claims writes about five documents an event; a page of the hot subject's contradictions, thirty.
    public const int DefaultMaxWritesPerSave = 5000;

    // Events applied per save: a page, or fewer where the last save's writes per event say a page would write too many.
    private int _eventsPerSave = PageSize;

    /// <summary>Every event up to this position has been applied (positions without an event included).</summary>
    public long Position { get; private set; }

    /// <summary>How many transactions the replay has written: a page each, more for a page written in parts.</summary>
    public int Saves { get; private set; }

    /// <summary>Applies the events after <see cref="Position"/> up to and including <paramref name="ceiling"/>, loading each page while the one before it is applied.</summary>
    public async Task CatchUpAsync(long ceiling, CancellationToken ct)
    {
        if (ceiling <= Position) return;
        var next = LoadAsync(Position, ceiling, ct);
        try
        {
            while (await next is { Count: > 0 } page)
            {
                var last = page[^1].Sequence;
                next = page.Count < PageSize ? Task.FromResult<IReadOnlyList<IEvent>>([]) : LoadAsync(last, ceiling, ct);
                for (var applied = 0; applied < page.Count;)
                {
                    var part = page.Skip(applied).Take(_eventsPerSave).ToList();
                    await ApplyAsync(part, ct);
                    applied += part.Count;
                }
                Position = last;
                progressed(last);
            }
        }
        finally
        {
            // A failed apply leaves the next page loading; observe it, so its outcome is not an unobserved exception.
            await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        Position = ceiling;
        progressed(ceiling);
    }

    private async Task ApplyAsync(IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        int writes;
        await using (var session = shadow.LightweightSession())
        {
            await projection.ApplyAsync(session, events, ct);
            writes = session.PendingChanges.Operations().Count();
            if (events.Count == 1 || writes <= maxWritesPerSave)
            {
                await session.SaveChangesAsync(ct);
                Saves++;
                _eventsPerSave = (int)Math.Clamp((long)events.Count * maxWritesPerSave / Math.Max(writes, 1), 1, PageSize);
                return;
            }
        }
        // More than the writes per event so far foretold (a burst of regrades): dropped unsaved (nothing was written) and
        // applied again in as many parts as the writes need, each from what the one before it wrote.
        var parts = Math.Min(events.Count, (writes + maxWritesPerSave - 1) / maxWritesPerSave);
        foreach (var part in events.Chunk((events.Count + parts - 1) / parts)) await ApplyAsync(part, ct);
    }

    private async Task<IReadOnlyList<IEvent>> LoadAsync(long after, long ceiling, CancellationToken ct)
    {
        await using var query = shadow.QuerySession();
        // Archived events included, as the daemon's loader includes them.
        return await query.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= ceiling && e.MaybeArchived())
            .OrderBy(e => e.Sequence)
            .Take(PageSize)
            .ToListAsync(ct);
    }
}

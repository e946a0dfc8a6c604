using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten.Events.Archiving;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// Replays one projection's events, in sequence order, into the documents of a store: what the daemon does for the live
/// shard, without the daemon, in saves of a bounded size. Used for the blue/green rebuild of an async projection, into
/// the tables of a rebuild store (the daemon cannot do that: its progress row, <c>mt_event_progression</c>, sits beside
/// the shared events under the projection's name, which the live shard owns), and for the inline projections that
/// write one document per event (<see cref="InlineRebuild"/>), over the live tables.
/// </summary>
internal sealed class SequenceReplay(IDocumentStore target, IJasperFxProjection<IDocumentOperations> projection, Action<long> progressed,
    int maxWritesPerSave = SequenceReplay.DefaultMaxWritesPerSave, IReadOnlyList<Postgres.ISetUpsert>? setwise = null)
{
    // The daemon's page size. Larger pages measured slower on this box: 2,000 events a page replayed the same 5,729
    // events in 12.2 s, 500 in 9.9 s, under the same load.
    private const int PageSize = 500;

    // This many documents a save, as planned (one that turns out to write more than twice as many is dropped): Marten builds every command of a save before sending any, and a page of 30 regrades
    // (each re-scoring every claim on its source) wrote 17,000 documents in one save holding over 100 MB. A usual page of
    // claims writes about five documents an event; a page of the hot subject's contradictions, thirty. 2,500 since two replays
    // run side by side (RebuildOptions.MaxConcurrent): together they build what one did with 5,000. A full rebuild of the kept
    // 200k ledger with both at once: peak 350 MB with 5,000, 294 MB with 2,500, at the same speed.
    public const int DefaultMaxWritesPerSave = 2500;

    // The document types whose pending upserts each save writes one statement a type (Postgres/SetUpsert.TakeOver).
    private readonly IReadOnlyList<Postgres.ISetUpsert> _setwise = setwise ?? [];

    private readonly ReplayCosts _costs = new(maxWritesPerSave);

    /// <summary>Every event up to this position has been applied (positions without an event included).</summary>
    public long Position { get; private set; }

    /// <summary>How many transactions the replay has written: a page each, more for a page written in parts.</summary>
    public int Saves { get; private set; }

    /// <summary>Attempts built and dropped unsaved for writing more than a save may: work done twice.</summary>
    public int Dropped { get; private set; }

    /// <summary>The most documents one save (or a dropped attempt at one) built: what the replay held at its peak.</summary>
    public int MostWritesBuilt { get; private set; }

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
                    var part = page.Skip(applied).Take(_costs.EventsWithin(page, applied)).ToList();
                    // Dropped unsaved: the costs were just raised by what it would have written, so the same events are planned again, in fewer a save.
                    if (await TrySaveAsync(part, ct)) applied += part.Count;
                }
                _costs.PageDone(page);
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

    private async Task<bool> TrySaveAsync(IReadOnlyList<IEvent> events, CancellationToken ct)
    {
        await using var session = target.LightweightSession();
        await projection.ApplyAsync(session, events, ct);
        foreach (var type in _setwise) type.TakeOver(session);
        // Documents, not statements: a projection may write many documents of a type in one (Postgres/SetUpsert).
        var writes = Postgres.SetUpsertOperation.DocumentsIn(session.PendingChanges.Operations());
        MostWritesBuilt = Math.Max(MostWritesBuilt, writes);
        _costs.Observe(events, writes);
        // Far more than the costs so far foretold (a source with more claims than the ones regraded before it): nothing written
        // yet. Up to twice the budget is written: the documents are built already, and what sending them adds is small since the
        // busiest go one statement a type (Postgres/SetUpsert). Dropped at the budget, 314 of the Contradictions replay's 1,353
        // attempts on the 200k ledger were built twice over (a hot subject's claims write from 5 documents to over 100).
        if (events.Count > 1 && writes > 2L * maxWritesPerSave)
        {
            Dropped++;
            return false;
        }
        await session.SaveChangesAsync(ct);
        _costs.Saved(events);
        Saves++;
        return true;
    }

    private async Task<IReadOnlyList<IEvent>> LoadAsync(long after, long ceiling, CancellationToken ct)
    {
        await using var query = target.QuerySession();
        // Archived events included, as the daemon's loader includes them.
        return await query.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= ceiling && e.MaybeArchived())
            .OrderBy(e => e.Sequence)
            .Take(PageSize)
            .ToListAsync(ct);
    }
}

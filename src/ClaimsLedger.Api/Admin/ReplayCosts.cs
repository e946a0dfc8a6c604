using JasperFx.Events;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// How many documents an event of each type writes in a replay, learned from the saves so far, so that the replay sizes
/// each save to its budget before building it.
/// </summary>
/// <remarks>
/// One figure for every event (writes per event of the last save, what the replay used before) let a run of expensive
/// events that follows thousands of cheap ones into a single save: at the end of the 200k benchmark's ledger, 500
/// regrades (each re-scoring every claim of its source) were built as one save of about a hundred thousand writes,
/// 24 s and ~80 MB of the API's memory, only to be dropped for being too large and applied again in parts.
/// Per type, an estimate can still be learned where the type was cheap (in the benchmark's ledger every source is graded
/// as it is registered, before it has claims: free), so a part also takes at most twice as many events of a type as a
/// recent save held, plus one: a run of a type grows 1, 3, 7, 15… while its cost is learned, and an estimate off by any
/// factor costs at most a doubling's worth. Recent: that experience halves with every page the type does not appear in,
/// since what an event costs grows with the ledger (a regrade re-scores the claims its source has by then).
/// An event of a type not seen yet is assumed to fill a save, so it is saved alone and its cost is learned exactly.
/// </remarks>
internal sealed class ReplayCosts(int budget)
{
    // Events a projection ignores write nothing; a small positive cost keeps a page of them to one save, not an infinite one.
    private const double Floor = 0.01;
    private readonly Dictionary<Type, double> _writesPerEvent = [];
    private readonly Dictionary<Type, int> _mostSavedTogether = [];

    /// <summary>How many of <paramref name="events"/> from <paramref name="start"/> on fit one save's budget: at least one.</summary>
    public int EventsWithin(IReadOnlyList<IEvent> events, int start)
    {
        double planned = 0;
        var count = 0;
        var ofType = new Dictionary<Type, int>();
        while (start + count < events.Count)
        {
            var type = events[start + count].EventType;
            var cost = Estimate(events[start + count]);
            var taken = ofType.GetValueOrDefault(type);
            if (count > 0 && (planned + cost > budget || taken > 2 * _mostSavedTogether.GetValueOrDefault(type))) break;
            ofType[type] = taken + 1;
            planned += cost;
            count++;
        }
        return count;
    }

    /// <summary>Notes a save that was written, so the events of each of its types may come in larger runs.</summary>
    public void Saved(IReadOnlyList<IEvent> events)
    {
        foreach (var type in events.GroupBy(e => e.EventType))
            _mostSavedTogether[type.Key] = Math.Max(_mostSavedTogether.GetValueOrDefault(type.Key), type.Count());
    }

    /// <summary>Notes a page replayed: the runs proven for the types it did not contain are halved.</summary>
    public void PageDone(IReadOnlyList<IEvent> page)
    {
        var present = page.Select(e => e.EventType).ToHashSet();
        foreach (var type in _mostSavedTogether.Keys.Where(t => !present.Contains(t)).ToList()) _mostSavedTogether[type] /= 2;
    }

    /// <summary>Learns from a save (or a dropped attempt) of <paramref name="events"/> that wrote <paramref name="writes"/> documents.</summary>
    public void Observe(IReadOnlyList<IEvent> events, int writes)
    {
        var unseen = events.Where(e => !_writesPerEvent.ContainsKey(e.EventType)).ToList();
        if (unseen.Count > 0)
        {
            // What the known events do not account for is put on the new ones (usually one event, saved alone).
            var known = events.Where(e => _writesPerEvent.ContainsKey(e.EventType)).Sum(Estimate);
            var each = Math.Max(writes - known, 0) / unseen.Count;
            foreach (var type in unseen.Select(e => e.EventType).Distinct()) _writesPerEvent[type] = Math.Max(each, Floor);
            return;
        }
        // All known: every type in the save is scaled by how far the estimate was off, types that share saves converging
        // as their mixes vary. Up at once, down only halfway (the square root): cost varies from event to event of a type
        // (a hot subject's claims write more), and an estimate a little high costs a smaller save, one too low a dropped one.
        var factor = writes / events.Sum(Estimate);
        if (factor < 1) factor = Math.Sqrt(factor);
        foreach (var type in events.Select(e => e.EventType).Distinct())
            _writesPerEvent[type] = Math.Max(_writesPerEvent[type] * factor, Floor);
    }

    private double Estimate(IEvent e) => _writesPerEvent.TryGetValue(e.EventType, out var writes) ? writes : budget;
}

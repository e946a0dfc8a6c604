namespace ClaimsLedger.Api.Admin;

/// <summary>
/// How far the rebuild being run has got, in memory only (the events record how it began and ended).
/// Work is counted in event sequence positions: each projection replays positions 1…<see cref="HighWater"/>,
/// the last event recorded before the request, so <see cref="Total"/> is that position times the number
/// of projections. Positions left empty by rolled-back appends count too; events appended after the request
/// are replayed as well but not counted, so processed never passes total. A projection replayed stream by stream
/// (<see cref="StreamReplay"/>) reports the share of streams done as the same share of those positions.
/// </summary>
public sealed class RebuildProgress(string id, IReadOnlyList<string> projections, string actor, string correlationId)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, long> _finished = new(StringComparer.Ordinal);
    // The projections being replayed now (RebuildOptions.MaxConcurrent at most), each with the furthest position reported.
    private readonly Dictionary<string, (bool Started, long Sequence)> _running = new(StringComparer.Ordinal);

    public string Id { get; } = id;
    public IReadOnlyList<string> Projections { get; } = projections;
    public string Actor { get; } = actor;
    public string CorrelationId { get; } = correlationId;
    public long HighWater { get; private set; }
    public long Total => HighWater * Projections.Count;

    public long Processed
    {
        get
        {
            lock (_lock) return _finished.Values.Sum() + _running.Values.Sum(r => Math.Min(r.Sequence, HighWater));
        }
    }

    public void Measured(long highWater) => HighWater = highWater;

    /// <summary>Starts counting a projection's replay, from <see cref="Advance"/> only (a blue/green replay's live shard keeps reporting its own progress meanwhile).</summary>
    public void Begin(string projection)
    {
        lock (_lock)
        {
            _running[projection] = (false, 0);
        }
    }

    /// <summary>The replay of <paramref name="projection"/> has applied every event up to <paramref name="sequence"/>.</summary>
    public void Advance(string projection, long sequence)
    {
        lock (_lock)
        {
            if (!_running.TryGetValue(projection, out var running)) return;
            _running[projection] = (true, Math.Max(running.Sequence, sequence));
        }
    }

    /// <summary>
    /// Closes a projection's count at the furthest position it is known to have replayed: what its replay returned (the
    /// blue/green replay's last position; for a replay in place, the high water it ran to) or what was seen in flight.
    /// </summary>
    public void Finish(string projection, long persistedSequence)
    {
        lock (_lock)
        {
            var seen = _running.Remove(projection, out var running) && running.Started ? running.Sequence : 0;
            _finished[projection] = Math.Min(Math.Max(persistedSequence, seen), HighWater);
        }
    }
}

using System.Diagnostics;
using JasperFx.Events.Projections;

namespace ClaimsLedger.Api.Http;

/// <summary>
/// Every async projection's progress, read from the store at most once per <see cref="Freshness"/> however many reads ask:
/// each read says which position it reflects, and under load one shared lookup answers all the reads of a few milliseconds
/// instead of one lookup each. An older answer is still true (projections only move forward), merely lower; a read waiting for
/// a position asks for a fresh one.
/// </summary>
public sealed class SharedProgress(IDocumentStore store)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMilliseconds(5);
    private readonly Lock _gate = new();
    private Task<IReadOnlyList<ShardState>>? _latest;
    private long _startedAt;

    /// <summary>The position of the slowest of <paramref name="projections"/> in <paramref name="shards"/> (0 for one not started).</summary>
    public static long Slowest(IReadOnlyList<ShardState> shards, IEnumerable<string> projections) =>
        projections.Min(name => ShardOf(shards, name)?.Sequence ?? 0);

    /// <summary>
    /// The progress of <paramref name="projection"/>'s one shard (<c>{name}:All</c>), if it has any: found without spelling the
    /// shard's name, since every read asks for each projection it reflects.
    /// </summary>
    public static ShardState? ShardOf(IReadOnlyList<ShardState> shards, string projection)
    {
        foreach (var shard in shards)
        {
            var name = shard.ShardName.AsSpan();
            if (name.Length == projection.Length + AllShard.Length && name.StartsWith(projection, StringComparison.Ordinal) && name.EndsWith(AllShard, StringComparison.Ordinal))
                return shard;
        }
        return null;
    }

    private const string AllShard = ":All";

    public Task<IReadOnlyList<ShardState>> ReadAsync(bool fresh, CancellationToken ct)
    {
        if (fresh)
        {
            // A fresh answer is the newest: later shared reads start from it, so no read goes back behind one it followed.
            var latest = store.Advanced.AllProjectionProgress(token: ct);
            lock (_gate) (_latest, _startedAt) = (latest, Stopwatch.GetTimestamp());
            return latest;
        }
        lock (_gate)
        {
            // Process time, not the ledger's clock: this only decides when a cached answer is too old to share.
            if (_latest is null || _latest.IsFaulted || _latest.IsCanceled || Stopwatch.GetElapsedTime(_startedAt) > Freshness)
            {
                _startedAt = Stopwatch.GetTimestamp();
                // Not the caller's token: the lookup is shared, and one caller giving up must not fail the others.
                _latest = store.Advanced.AllProjectionProgress(token: CancellationToken.None);
            }
            return _latest.WaitAsync(ct);
        }
    }
}

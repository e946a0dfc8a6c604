using System.Threading.Channels;

namespace ClaimsLedger.Api.Admin;

/// <summary>
/// The one rebuild that may run at a time and the queue that hands it to <see cref="ProjectionRebuilder"/>.
/// One at a time because two replays of one projection would tear down each other's documents. The guard is
/// in memory, per node: an async projection's rebuild is accepted only by the node running it (HotCold), so that node is
/// its only rebuilder; inline projections replay over their documents in place, which another node's replay only repeats.
/// </summary>
public sealed class ProjectionRebuilds
{
    private readonly Channel<RebuildProgress> _queue = Channel.CreateUnbounded<RebuildProgress>(new UnboundedChannelOptions { SingleReader = true });
    private RebuildProgress? _running;

    public RebuildProgress? Running => Volatile.Read(ref _running);

    /// <summary>Claims the single slot; false when another rebuild holds it.</summary>
    public bool TryReserve(RebuildProgress rebuild) => Interlocked.CompareExchange(ref _running, rebuild, null) is null;

    public void Release(RebuildProgress rebuild) => Interlocked.CompareExchange(ref _running, null, rebuild);

    public RebuildProgress? InFlight(string id) => Running is { } r && r.Id == id ? r : null;

    public void Enqueue(RebuildProgress rebuild)
    {
        if (!_queue.Writer.TryWrite(rebuild)) throw new InvalidOperationException("The rebuild queue is closed.");
    }

    public IAsyncEnumerable<RebuildProgress> Pending(CancellationToken ct) => _queue.Reader.ReadAllAsync(ct);
}

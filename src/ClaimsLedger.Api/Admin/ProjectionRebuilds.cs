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
    // A rebuild whose work is done and whose end is being recorded: its progress stays readable until the ledger has it.
    private RebuildProgress? _finishing;

    public RebuildProgress? Running => Volatile.Read(ref _running);

    /// <summary>Claims the single slot; false when another rebuild holds it.</summary>
    public bool TryReserve(RebuildProgress rebuild) => Interlocked.CompareExchange(ref _running, rebuild, null) is null;

    /// <summary>
    /// Frees the slot once the rebuild's work is done, before its end is recorded: a client that reads "completed" and asks
    /// again at once must find the slot free, not a 409 naming the finished rebuild. Its progress stays readable
    /// (<see cref="InFlight"/>) until <see cref="Ended"/>. Nothing when this rebuild does not hold the slot.
    /// </summary>
    public void Release(RebuildProgress rebuild)
    {
        if (Running != rebuild) return;
        Volatile.Write(ref _finishing, rebuild);
        Interlocked.CompareExchange(ref _running, null, rebuild);
    }

    /// <summary>The rebuild's end is recorded (or could not be): its status is read from the ledger alone from now on.</summary>
    public void Ended(RebuildProgress rebuild) => Interlocked.CompareExchange(ref _finishing, null, rebuild);

    public RebuildProgress? InFlight(string id) =>
        Running is { } r && r.Id == id ? r : Volatile.Read(ref _finishing) is { } f && f.Id == id ? f : null;

    public void Enqueue(RebuildProgress rebuild)
    {
        if (!_queue.Writer.TryWrite(rebuild)) throw new InvalidOperationException("The rebuild queue is closed.");
    }

    public IAsyncEnumerable<RebuildProgress> Pending(CancellationToken ct) => _queue.Reader.ReadAllAsync(ct);
}

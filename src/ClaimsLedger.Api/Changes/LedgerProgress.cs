using ClaimsLedger.Api.Alignment;

namespace ClaimsLedger.Api.Changes;

/// <summary>
/// How far the ledger has come: <see cref="Head"/>, the high-water mark (every event at or below it is committed: the
/// feeds read no further), and <see cref="Alignment"/>, the position the alignment projection has reached.
/// </summary>
public readonly record struct LedgerProgress(long Head, long Alignment)
{
    public static async Task<LedgerProgress> ReadAsync(IDocumentStore store, CancellationToken ct)
    {
        var shards = await store.Advanced.AllProjectionProgress(token: ct);
        var alignment = Http.SharedProgress.ShardOf(shards, AlignmentProjection.Name)?.Sequence ?? 0;
        if (shards.FirstOrDefault(s => s.ShardName == "HighWaterMark") is { } mark) return new LedgerProgress(mark.Sequence, alignment);
        // Before the daemon has recorded a mark (a fresh store): the last event, as the read-your-writes check does.
        await using var query = store.QuerySession();
        var last = await query.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(ct);
        return new LedgerProgress(last, alignment);
    }
}

/// <summary>
/// Wakes live feeds when the ledger moves. One poll of the progress table every <see cref="Interval"/> serves every open
/// stream, and runs only while some stream waits; appends NOTIFY the daemon (UseListenNotifyForEventAppends), which
/// moves the high-water mark within milliseconds, so a poll this fast sees a new event about as soon as a listener would.
/// </summary>
public sealed class ProgressWatch(IDocumentStore store, ILogger<ProgressWatch> log) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource<LedgerProgress> _next = NewSignal();
    private int _waiters;
    private Task? _poll;

    /// <summary>How many live feeds are open (for tests and health: each ends when its client goes away).</summary>
    public int OpenStreams => Volatile.Read(ref _openStreams);

    private int _openStreams;

    public IDisposable Open()
    {
        Interlocked.Increment(ref _openStreams);
        return new Closer(() => Interlocked.Decrement(ref _openStreams));
    }

    /// <summary>True once <paramref name="of"/>(progress) passes <paramref name="position"/>; false when <paramref name="timeout"/> runs out first.</summary>
    public async Task<bool> WaitBeyondAsync(Func<LedgerProgress, long> of, long position, TimeSpan timeout, CancellationToken ct)
    {
        lock (_gate)
        {
            _waiters++;
            _poll ??= Task.Run(PollAsync);
        }
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            while (true)
            {
                Task<LedgerProgress> next;
                lock (_gate) next = _next.Task;
                if (of(await next.WaitAsync(deadline.Token)) > position) return true;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            lock (_gate) _waiters--;
        }
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                lock (_gate)
                {
                    if (_waiters == 0)
                    {
                        _poll = null;
                        return;
                    }
                }
                LedgerProgress progress;
                try
                {
                    progress = await LedgerProgress.ReadAsync(store, _stopping.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Live feeds could not read the ledger's progress: {Error}", e.Message);
                    continue;
                }
                TaskCompletionSource<LedgerProgress> signal;
                lock (_gate)
                {
                    signal = _next;
                    _next = NewSignal();
                }
                signal.SetResult(progress);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TaskCompletionSource<LedgerProgress> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Cancelled, not disposed: a poll still unwinding may read the token.
    public async ValueTask DisposeAsync() => await _stopping.CancelAsync();

    private sealed class Closer(Action close) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0) close();
        }
    }
}

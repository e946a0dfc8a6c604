using System.Diagnostics;
using System.Diagnostics.Metrics;
using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Configuration;
using JasperFx.Events.Projections;
using Marten.Services;
using IProjectionCoordinator = Marten.Events.Daemon.Coordination.IProjectionCoordinator;

namespace ClaimsLedger.Api.Commands;

/// <summary>
/// Holds a new write while the alignment projection trails the acknowledged writes by more than
/// <see cref="BackpressureOptions.MaxLag"/>, so the alignment a client reads is never more than about that far behind what
/// the ledger has acknowledged. The projection is asynchronous and shares the machine with the writes: without a bound, a
/// sustained write load takes the cores from it and its lag grows for as long as the load lasts (seconds at 20,000 events,
/// tens of seconds at 200,000: README, "Benchmarks"). Holding the next writes gives it the cores back; the wait moves into
/// the writers' response times, where a client sees it, instead of into stale reads, where it does not. A bulk load through
/// the batch endpoint is not held (<c>Claims/RecordClaims.cs</c> says why).
/// <para>
/// The lag is the age of the oldest write this node acknowledged that the projection has not reached: commits are noted as
/// they happen (this is a session listener) and the projection's progress comes from the daemon's tracker, both in process,
/// so checking costs no query. A write waits at most <see cref="BackpressureOptions.MaxWait"/>, then goes ahead, and no write
/// waits while the projection is not moving (stopped, failing, or run by another node): holding writes cannot help then.
/// </para>
/// </summary>
public sealed class WriteBackpressure(LedgerOptions options) : DocumentSessionListenerBase, IObserver<ShardState>
{
    /// <summary>Past this many unreached commits (a projection stopped for a long time) no more are noted.</summary>
    private const int MaxNoted = 100_000;

    /// <summary>The projection counts as moving if its tracker reported within this long.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(2);

    /// <summary>How often a waiting write looks again when the projection has not reported (its wait may have run out).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(50);

    private static readonly string ShardName = $"{AlignmentProjection.Name}:All";
    private static readonly Meter Meter = new(Observability.Telemetry.LedgerMeter);
    private static readonly Counter<long> Held = Meter.CreateCounter<long>("claimsledger.writes.held", description: "Writes held while the alignment projection trailed");
    private static readonly Histogram<double> HeldFor = Meter.CreateHistogram<double>("claimsledger.writes.held.duration", "ms", "How long each held write waited");

    // Times here are Stopwatch timestamps (the monotonic clock), not the injected TimeProvider: they pace this process and
    // are recorded nowhere, and a test's fake clock must not hold or release writes.
    private readonly Lock _gate = new();
    private readonly Queue<(long Sequence, long CommittedAt)> _unreached = new();
    private long _reached;
    private long _movedAt;
    private TaskCompletionSource _moved = NewSignal();
    private IDisposable? _subscription;

    /// <summary>
    /// Waits, up to <see cref="BackpressureOptions.MaxWait"/>, until the projection is within <see cref="BackpressureOptions.MaxLag"/>
    /// of the acknowledged writes. The first call attaches to the daemon's tracker (the store cannot be asked for it while it is
    /// being built, and this listener is part of it).
    /// </summary>
    public async ValueTask WaitAsync(IServiceProvider services, CancellationToken ct)
    {
        var settings = options.Backpressure;
        if (settings.MaxLag <= TimeSpan.Zero) return;
        Attach(services);
        var started = Stopwatch.GetTimestamp();
        var held = false;
        while (true)
        {
            Task moved;
            lock (_gate)
            {
                if (!TrailsTooFar(settings.MaxLag)) break;
                moved = _moved.Task;
            }
            var left = settings.MaxWait - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            held = true;
            await Task.WhenAny(moved, Task.Delay(left < Recheck ? left : Recheck, ct));
            ct.ThrowIfCancellationRequested();
        }
        if (!held) return;
        Held.Add(1);
        HeldFor.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private bool TrailsTooFar(TimeSpan maxLag)
    {
        var now = Stopwatch.GetTimestamp();
        if (_unreached.Count == 0 || Stopwatch.GetElapsedTime(_movedAt, now) > Stalled) return false;
        return Stopwatch.GetElapsedTime(_unreached.Peek().CommittedAt, now) > maxLag;
    }

    private void Attach(IServiceProvider services)
    {
        if (Volatile.Read(ref _subscription) is not null) return;
        try
        {
            var tracker = services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase().Tracker;
            lock (_gate) _subscription ??= tracker.Subscribe(this);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // The daemon is not started yet, or already stopping: no write is held until it is.
        }
    }

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token)
    {
        long highest = 0;
        foreach (var e in commit.GetEvents()) highest = Math.Max(highest, e.Sequence);
        if (highest == 0 || _subscription is null) return Task.CompletedTask;
        lock (_gate)
            if (highest > _reached && _unreached.Count < MaxNoted) _unreached.Enqueue((highest, Stopwatch.GetTimestamp()));
        return Task.CompletedTask;
    }

    public void OnNext(ShardState state)
    {
        if (state.ShardName != ShardName) return;
        TaskCompletionSource moved;
        lock (_gate)
        {
            // Positions only move forward, unless the store was wiped and its sequence started again (tests do that).
            if (state.Sequence < _reached) _unreached.Clear();
            _reached = state.Sequence;
            _movedAt = Stopwatch.GetTimestamp();
            while (_unreached.Count > 0 && _unreached.Peek().Sequence <= _reached) _unreached.Dequeue();
            moved = _moved;
            _moved = NewSignal();
        }
        moved.TrySetResult();
    }

    public void OnError(Exception error) { }

    public void OnCompleted() { }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary><c>ClaimsLedger:Backpressure</c>.</summary>
public sealed class BackpressureOptions
{
    /// <summary>How far (in time) the alignment projection may trail the acknowledged writes before new writes wait; 0 turns the wait off.</summary>
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest one write waits for the projection before it goes ahead anyway.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(2);
}

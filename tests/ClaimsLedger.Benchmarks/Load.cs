using System.Collections.Concurrent;

namespace ClaimsLedger.Benchmarks;

/// <summary>Latencies recorded by the load generator's own stopwatches; percentiles are exact (nearest rank over every sample).</summary>
public sealed class Latencies
{
    private readonly ConcurrentQueue<(DateTime EndedAt, double Milliseconds)> _samples = new();

    public void Add(double milliseconds) => _samples.Enqueue((DateTime.UtcNow, milliseconds));

    public int Count => _samples.Count;

    /// <summary>Every sample with the time its request ended, in the order they ended.</summary>
    public IEnumerable<(DateTime EndedAt, double Milliseconds)> Timed => _samples;

    public double Percentile(double p)
    {
        var sorted = _samples.Select(s => s.Milliseconds).ToArray();
        Array.Sort(sorted);
        return NearestRank(sorted, p);
    }

    /// <summary>The <paramref name="p"/>th percentile (0–100) of samples sorted ascending, by nearest rank; NaN with none.</summary>
    public static double NearestRank(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public double Max => _samples.IsEmpty ? double.NaN : _samples.Max(s => s.Milliseconds);
}

/// <summary>What one load phase measured: requests completed, failures, elapsed time and latencies.</summary>
public sealed record LoadResult(int Requests, int Failures, TimeSpan Elapsed, Latencies Latencies, IReadOnlyList<string> FirstFailures)
{
    public double PerSecond => Requests / Elapsed.TotalSeconds;
    public double P50 => Latencies.Percentile(50);
    public double P99 => Latencies.Percentile(99);
}

/// <summary>Closed-loop load: N clients, each sending its next request as soon as the previous one answered.</summary>
public static class Load
{
    /// <summary>Every item once, shared by <paramref name="clients"/> workers in order.</summary>
    public static Task<LoadResult> ForEachAsync<T>(IReadOnlyList<T> items, int clients, Func<T, Task<string?>> send) =>
        RunAsync(clients, null, items.Count, i => send(items[i]));

    /// <summary>For <paramref name="duration"/>: no request starts after it, and requests in flight are waited for.</summary>
    public static Task<LoadResult> ForDurationAsync(TimeSpan duration, int clients, Func<int, Task<string?>> send) =>
        RunAsync(clients, duration, int.MaxValue, send);

    /// <param name="send">Sends one request; returns null on success, else a short description of the failure.</param>
    private static async Task<LoadResult> RunAsync(int clients, TimeSpan? duration, int count, Func<int, Task<string?>> send)
    {
        var next = -1;
        var failures = 0;
        var firstFailures = new ConcurrentQueue<string>();
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                if (duration is { } d && clock.Elapsed >= d) return;
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var started = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await send(i);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    failure = $"{e.GetType().Name}: {e.Message}";
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (failure is not null)
                {
                    Interlocked.Increment(ref failures);
                    if (firstFailures.Count < 5) firstFailures.Enqueue(failure);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
        clock.Stop();
        return new LoadResult(latencies.Count, failures, clock.Elapsed, latencies, [.. firstFailures]);
    }
}

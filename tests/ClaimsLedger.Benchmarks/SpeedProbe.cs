using System.Runtime.InteropServices;

namespace ClaimsLedger.Benchmarks;

/// <summary>
/// How fast the machine runs during a phase, apart from what the phase asks of it. Every 200 ms a thread of its own runs
/// two fixed pieces of work and takes the CPU time its thread was charged for each: register arithmetic (the clock), and
/// a walk of dependent reads through 64 MB, far more than the caches hold (memory, which the VM's neighbours share).
/// Being preempted by the API or PostgreSQL costs the probe wall time, not CPU time; a slower host charges it more. The
/// forty-seventh round found the harness's own CPU a read, which no ledger state changes, 0.082–0.145 ms across runs of
/// one code, with the reads' p99 moving with it; this puts figures on that beside every phase (in that round both held within
/// ±5 % while a read's CPU moved ±20 %: what moved is something neither sees). It costs ~1 % of a core and 64 MB.
/// </summary>
public sealed class SpeedProbe : IDisposable
{
    private const int Iterations = 400_000;
    private const int Steps = 4_000;

    /// <summary>One random cycle through 16 M slots (Sattolo's shuffle): each step's address is the last step's value.</summary>
    private readonly int[] _cycle = Cycle(16 * 1024 * 1024);
    private int _at;
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    private readonly List<(DateTime At, double Microseconds, double MemoryMicroseconds)> _samples = [];
    private readonly Thread _thread;
    private volatile bool _stopped;
    private static ulong _sink;

    public SpeedProbe()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "speed probe" };
        _thread.Start();
    }

    /// <summary>The probes' median and 90th-percentile CPU microseconds from <paramref name="since"/> to now; null with no sample.</summary>
    public JsonObject? Summary(DateTime since)
    {
        List<(DateTime At, double Microseconds, double MemoryMicroseconds)> taken;
        lock (_samples) taken = [.. _samples.Where(s => s.At >= since)];
        if (taken.Count == 0) return null;
        static double At(List<double> sorted, double p) => Math.Round(Latencies.NearestRank(sorted, p), 1);
        List<double> compute = [.. taken.Select(s => s.Microseconds).Order()], memory = [.. taken.Select(s => s.MemoryMicroseconds).Order()];
        return new JsonObject
        {
            ["medianUs"] = At(compute, 50), ["p90Us"] = At(compute, 90),
            ["memoryMedianUs"] = At(memory, 50), ["memoryP90Us"] = At(memory, 90), ["samples"] = taken.Count,
        };
    }

    private void Run()
    {
        while (!_stopped)
        {
            Thread.Sleep(Every);
            var before = ThreadCpuNanoseconds();
            _sink += Work(_sink | 1);
            var computed = ThreadCpuNanoseconds();
            _at = Walk(_at);
            var walked = ThreadCpuNanoseconds();
            lock (_samples) _samples.Add((DateTime.UtcNow, (computed - before) / 1000.0, (walked - computed) / 1000.0));
        }
    }

    /// <summary>xorshift64 steps: a fixed number of dependent integer operations on registers, no memory traffic.</summary>
    private static ulong Work(ulong x)
    {
        for (var i = 0; i < Iterations; i++)
        {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
        }
        return x;
    }

    private int Walk(int at)
    {
        for (var i = 0; i < Steps; i++) at = _cycle[at];
        return at;
    }

    private static int[] Cycle(int length)
    {
        var slots = new int[length];
        for (var i = 0; i < length; i++) slots[i] = i;
        var random = new Random(47);
        for (var i = length - 1; i > 0; i--)
        {
            var j = random.Next(i);
            (slots[i], slots[j]) = (slots[j], slots[i]);
        }
        return slots;
    }

    private static long ThreadCpuNanoseconds() =>
        clock_gettime(ClockThreadCpuTime, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : throw new InvalidOperationException("clock_gettime failed");

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID on Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

#pragma warning disable SYSLIB1054 // a plain P/Invoke: LibraryImport's generator would need unsafe code for the out struct
    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054

    public void Dispose()
    {
        _stopped = true;
        _thread.Join();
    }
}

using System.Globalization;

namespace ClaimsLedger.Benchmarks;

/// <summary>CPU seconds (user + system) spent by each party in a phase, read from /proc: where the time went, on a shared machine.</summary>
public sealed record CpuSample(double Api, double Postgres, double Harness)
{
    /// <summary>When the sample was read: a phase's <see cref="SpeedProbe"/> samples are those since its first one.</summary>
    public DateTime At { get; init; } = DateTime.UtcNow;

    public CpuSample Minus(CpuSample before) => new(Api - before.Api, Postgres - before.Postgres, Harness - before.Harness);

    /// <summary>Milliseconds of CPU per item (claim, request, row), per party.</summary>
    public JsonObject PerItem(long items, double wallSeconds) => new()
    {
        ["apiCpuMsPerItem"] = Math.Round(Api * 1000 / items, 3), ["postgresCpuMsPerItem"] = Math.Round(Postgres * 1000 / items, 3),
        ["harnessCpuMsPerItem"] = Math.Round(Harness * 1000 / items, 3),
        ["apiCores"] = Math.Round(Api / wallSeconds, 2), ["postgresCores"] = Math.Round(Postgres / wallSeconds, 2),
    };
}

public sealed class CpuMeter(string pgDataDirectory)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public int? ApiPid { get; set; }

    public CpuSample Read() => new(ApiPid is { } pid ? Own(pid) ?? 0 : 0, Postgres(), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds);

    /// <summary>The postmaster, its finished children (cutime, cstime) and its live backends.</summary>
    private double Postgres()
    {
        if (!int.TryParse(File.ReadLines(Path.Combine(pgDataDirectory, "postmaster.pid")).FirstOrDefault(), out var postmaster)) return 0;
        var total = Stat(postmaster) is { } p ? (p.Utime + p.Stime + p.Cutime + p.Cstime) / TicksPerSecond : 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == postmaster) continue;
            if (Stat(pid) is { } s && s.Ppid == postmaster) total += (s.Utime + s.Stime) / TicksPerSecond;
        }
        return total;
    }

    private static double? Own(int pid) => Stat(pid) is { } s ? (s.Utime + s.Stime) / TicksPerSecond : null;

    private sealed record ProcStat(int Ppid, long Utime, long Stime, long Cutime, long Cstime);

    private static ProcStat? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its closing one.
            var f = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long L(int field) => long.Parse(f[field - 3], CultureInfo.InvariantCulture);
            return new ProcStat((int)L(4), L(14), L(15), L(16), L(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

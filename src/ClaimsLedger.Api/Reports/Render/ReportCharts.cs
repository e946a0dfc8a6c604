using System.Globalization;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>Lays the report's series out as chart lines: steps, because a score holds its value until the next change.</summary>
public static class ReportCharts
{
    public static string RecordTime(SubjectReport s, DateTimeOffset asOf, Func<string, string> colour)
    {
        if (s.RecordTime.Count == 0) return "";
        var origin = s.RecordTime.Min(l => l.Points[0].Timestamp);
        double X(DateTimeOffset t) => (t - origin).TotalSeconds;
        var end = Math.Max(X(asOf), 1);
        var lines = s.RecordTime.Select(series =>
        {
            // Every power starts at 0 before its first change and holds its last value up to asOf.
            var vertices = new List<(double X, double Y)> { (0, 0) };
            foreach (var p in series.Points)
            {
                vertices.Add((X(p.Timestamp), vertices[^1].Y));
                vertices.Add((X(p.Timestamp), (double)p.Overall));
            }
            vertices.Add((end, vertices[^1].Y));
            return new ChartLine(series.Power, colour(series.Power), vertices);
        }).ToList();
        var ticks = new[] { 0, end / 2, end }
            .Select(x => new ChartTick(x, origin.AddSeconds(x).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)))
            .ToList();
        return SvgChart.Render($"record-time-{s.Subject}", $"{s.Subject}: overall score per power over record time",
            "record time (UTC)", 0, end, ticks, lines);
    }

    public static string ValidTime(SubjectReport s, Func<string, string> colour)
    {
        if (s.ValidTime.Count == 0 || s.ValidTime[0].Points.Count == 0) return "";
        var first = s.ValidTime[0].Points[0].Year;
        var last = s.ValidTime[0].Points[^1].Year + 1;
        var lines = s.ValidTime.Select(series => new ChartLine(series.Power, colour(series.Power),
            series.Points.SelectMany(p => new[] { ((double)p.Year, (double)p.Total), (p.Year + 1.0, (double)p.Total) }).ToList())).ToList();
        var every = Math.Max(1, (last - first + 11) / 12);
        var ticks = Enumerable.Range(first, last - first + 1).Where(y => (y - first) % every == 0)
            .Select(y => new ChartTick(y, y.ToString(CultureInfo.InvariantCulture))).ToList();
        return SvgChart.Render($"valid-time-{s.Subject}", $"{s.Subject}: total contribution per power by valid-time year",
            "valid time (year; a claim counts in every year it overlaps)", first, last, ticks, lines);
    }

    /// <summary>One colour per power across a subject's charts, by the power's place in ordinal order.</summary>
    public static Func<string, string> Colours(SubjectReport s)
    {
        var powers = s.RecordTime.Select(r => r.Power).Concat(s.ValidTime.Select(v => v.Power)).Concat(s.Scores.Select(p => p.Power))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return power => SvgChart.Palette[Math.Max(0, powers.IndexOf(power)) % SvgChart.Palette.Count];
    }
}

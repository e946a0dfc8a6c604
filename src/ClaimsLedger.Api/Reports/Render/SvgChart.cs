using System.Globalization;
using static ClaimsLedger.Api.Reports.Render.ReportText;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>A line through vertices already laid out in data coordinates (the caller decides steps and extents).</summary>
public sealed record ChartLine(string Name, string Colour, IReadOnlyList<(double X, double Y)> Vertices);

/// <summary>An x-axis tick: where, and what it says.</summary>
public sealed record ChartTick(double X, string Label);

/// <summary>
/// An inline SVG line chart with axes, ticks, axis titles and a legend. No script and no external reference, so
/// the page stays self-contained; coordinates are printed with two decimals so the bytes never depend on the run.
/// </summary>
public static class SvgChart
{
    private const double Width = 720, Height = 300, Left = 64, Right = 150, Top = 16, Bottom = 48;
    private const double PlotW = Width - Left - Right, PlotH = Height - Top - Bottom;

    public static readonly IReadOnlyList<string> Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string Render(string id, string title, string xTitle, double xMin, double xMax,
        IReadOnlyList<ChartTick> xTicks, IReadOnlyList<ChartLine> lines)
    {
        var ys = lines.SelectMany(l => l.Vertices.Select(v => v.Y)).Append(0).ToList();
        double yMin = ys.Min(), yMax = ys.Max();
        if (yMax - yMin < 1e-9) (yMin, yMax) = (yMin - 1, yMax + 1);
        var pad = (yMax - yMin) * 0.05;
        (yMin, yMax) = (yMin - pad, yMax + pad);
        if (xMax - xMin < 1e-9) xMax = xMin + 1;
        double Px(double x) => Left + (x - xMin) / (xMax - xMin) * PlotW;
        double Py(double y) => Top + (yMax - y) / (yMax - yMin) * PlotH;

        var svg = new Lines()
            .Add($"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{Html(id)}\" class=\"chart\" viewBox=\"0 0 {C(Width)} {C(Height)}\" " +
                 $"width=\"{C(Width)}\" height=\"{C(Height)}\" role=\"img\" aria-label=\"{Html(title)}\">")
            .Add($"<title>{Html(title)}</title>")
            .Add($"<rect class=\"plot\" x=\"{C(Left)}\" y=\"{C(Top)}\" width=\"{C(PlotW)}\" height=\"{C(PlotH)}\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var y = yMin + (yMax - yMin) * i / 4;
            svg.Add($"<line class=\"grid\" x1=\"{C(Left)}\" y1=\"{C(Py(y))}\" x2=\"{C(Left + PlotW)}\" y2=\"{C(Py(y))}\"/>")
                .Add($"<text class=\"tick\" x=\"{C(Left - 6)}\" y=\"{C(Py(y) + 4)}\" text-anchor=\"end\">{y.ToString("0.00", CultureInfo.InvariantCulture)}</text>");
        }
        if (yMin < 0 && yMax > 0)
            svg.Add($"<line class=\"zero\" x1=\"{C(Left)}\" y1=\"{C(Py(0))}\" x2=\"{C(Left + PlotW)}\" y2=\"{C(Py(0))}\"/>");
        foreach (var tick in xTicks)
            svg.Add($"<line class=\"grid\" x1=\"{C(Px(tick.X))}\" y1=\"{C(Top)}\" x2=\"{C(Px(tick.X))}\" y2=\"{C(Top + PlotH + 4)}\"/>")
                .Add($"<text class=\"tick\" x=\"{C(Px(tick.X))}\" y=\"{C(Top + PlotH + 18)}\" text-anchor=\"middle\">{Html(tick.Label)}</text>");
        svg.Add($"<line class=\"axis\" x1=\"{C(Left)}\" y1=\"{C(Top + PlotH)}\" x2=\"{C(Left + PlotW)}\" y2=\"{C(Top + PlotH)}\"/>")
            .Add($"<line class=\"axis\" x1=\"{C(Left)}\" y1=\"{C(Top)}\" x2=\"{C(Left)}\" y2=\"{C(Top + PlotH)}\"/>")
            .Add($"<text class=\"axis-title\" x=\"{C(Left + PlotW / 2)}\" y=\"{C(Height - 6)}\" text-anchor=\"middle\">{Html(xTitle)}</text>")
            .Add($"<text class=\"axis-title\" transform=\"rotate(-90)\" x=\"{C(-(Top + PlotH / 2))}\" y=\"14\" text-anchor=\"middle\">score</text>");

        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var points = string.Join(' ', line.Vertices.Select(v => $"{C(Px(v.X))},{C(Py(v.Y))}"));
            svg.Add($"<polyline class=\"series\" data-power=\"{Html(line.Name)}\" fill=\"none\" stroke=\"{line.Colour}\" stroke-width=\"2\" points=\"{points}\"/>");
            var ly = Top + 8 + i * 18;
            svg.Add($"<rect x=\"{C(Width - Right + 16)}\" y=\"{C(ly - 8)}\" width=\"12\" height=\"12\" fill=\"{line.Colour}\"/>")
                .Add($"<text class=\"legend\" x=\"{C(Width - Right + 34)}\" y=\"{C(ly + 2)}\">{Html(line.Name)}</text>");
        }
        return svg.Add("</svg>").ToString();
    }

    private static string C(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

using System.Text;
using static ClaimsLedger.Api.Reports.Render.ReportText;

namespace ClaimsLedger.Api.Reports.Render;

/// <summary>One header row, then one row per subject, power and score column ("overall" and each dimension); RFC 4180.</summary>
public static class CsvReport
{
    public const string Header = "subject,label,power,dimension,score,asOf,lastSequence,validFrom,validTo,publishedBy";

    public static string Render(AlignmentReport report)
    {
        // RFC 4180 ends every record with CRLF, the last one included.
        var csv = new StringBuilder().Append(Header).Append("\r\n");
        var (asOf, last) = (Instant(report.AsOf), Integer(report.LastSequence));
        foreach (var subject in report.Subjects)
        foreach (var power in subject.Scores)
        foreach (var (dimension, score) in Cells(power))
        {
            csv.AppendJoin(',', Csv(subject.Subject), Csv(subject.Label), Csv(power.Power), dimension, Number(score),
                asOf, last, Csv(report.ValidFrom), Csv(report.ValidTo), Csv(report.PublishedBy)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static IEnumerable<(string Dimension, decimal Score)> Cells(PowerScore power) =>
        power.Dimensions.Select(d => (d.Dimension, d.Score)).Prepend((Alignment.ScoreCell.OverallName, power.Overall));
}

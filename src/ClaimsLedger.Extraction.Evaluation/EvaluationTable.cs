using System.Globalization;
using System.Text;

namespace ClaimsLedger.Extraction.Evaluation;

/// <summary>The evaluation as a fixed-width text table: one row per article and the overall row.</summary>
public static class EvaluationTable
{
    public static string Render(Evaluation evaluation, ExtractorInfo extractor)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"extractor {extractor.Name}@{extractor.Version}");
        sb.AppendLine("matching: per article, multiset of effect tuples; overall = micro-average");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{"article",-26} {"gold",5} {"pred",5} | {"(subj,power,dir)",-20} | {"+ dimension",-20} | {"evidence",8}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"",-26} {"",5} {"",5} | {"P",6} {"R",6} {"F1",6} | {"P",6} {"R",6} {"F1",6} | {"exact",8}");
        sb.AppendLine(new string('-', 96));
        foreach (var row in evaluation.Articles) Row(sb, row);
        sb.AppendLine(new string('-', 96));
        Row(sb, evaluation.Overall);
        return sb.ToString();
    }

    private static void Row(StringBuilder sb, ArticleResult r) =>
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{r.Article,-26} {r.Direction.Expected,5} {r.Direction.Predicted,5} | {r.Direction.Precision,6:0.000} {r.Direction.Recall,6:0.000} {r.Direction.F1,6:0.000} | " +
            $"{r.WithDimension.Precision,6:0.000} {r.WithDimension.Recall,6:0.000} {r.WithDimension.F1,6:0.000} | {r.EvidenceExactness,8:P1}");
}

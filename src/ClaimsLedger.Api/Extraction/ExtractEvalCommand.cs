using ClaimsLedger.Extraction;
using ClaimsLedger.Extraction.Evaluation;
using JasperFx.CommandLine;

namespace ClaimsLedger.Api.Extraction;

public sealed class ExtractEvalInput
{
    [Description("Folder of gold files (e.g. seeds/gold); each names its article, resolved against the folder's parent")]
    public string GoldFolder { get; set; } = "seeds/gold";

    [Description("Also list, per article, the false positives and the misses with their sentences")]
    public bool DetailsFlag { get; set; }

    [Description("Also time the extraction of a 10,000-word text made of the gold articles (median and slowest of 15 runs)")]
    public bool TimingFlag { get; set; }
}

/// <summary>
/// Scores the rule extractor against the gold set. Pure computation over files: it builds no host and touches no
/// database, so it runs the same with or without PostgreSQL.
/// </summary>
[Description("Evaluates the claim extractor against a gold set: P/R/F1 per article and overall, evidence exactness", Name = "extract-eval")]
public sealed class ExtractEvalCommand : JasperFxAsyncCommand<ExtractEvalInput>
{
    public static bool IsInvokedBy(string[] args) => args.Length > 0 && string.Equals(args[0], "extract-eval", StringComparison.OrdinalIgnoreCase);

    public override async Task<bool> Execute(ExtractEvalInput input)
    {
        if (!Directory.Exists(input.GoldFolder))
        {
            await Console.Error.WriteLineAsync($"Gold folder not found: {Path.GetFullPath(input.GoldFolder)}");
            return false;
        }
        var articles = GoldSet.Load(input.GoldFolder);
        var extractor = ClaimExtractor.Default;
        var evaluation = GoldEvaluator.Evaluate(extractor, articles);
        await Console.Out.WriteAsync(EvaluationTable.Render(evaluation, extractor.Info));
        if (input.DetailsFlag) await Console.Out.WriteAsync(EvaluationDetails.Render(extractor, articles));
        if (input.TimingFlag) await Console.Out.WriteAsync(ExtractionTiming.Measure(extractor, articles));
        return evaluation.Overall.EvidenceExactness >= 1.0;
    }
}

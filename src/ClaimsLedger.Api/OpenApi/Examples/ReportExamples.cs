using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Reports;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    private static IEnumerable<(Type Type, Func<object> Example)> ReportExamples() =>
    [
        Example(() =>
        {
            var (label, leader) = AlignmentLabel.For(Overall);
            var scores = Scores.Select(p => new PowerScore(p.Key, p.Value[ScoreCell.OverallName],
                [.. ScoreCell.ColumnNames.Skip(1).Select(d => new DimensionScore(d, p.Value[d]))])).ToList();
            var claim = new ReportClaim(ClaimId, Statement, "accepted", "2023", Confidence, Effects.Sum(e => Math.Abs(Contribution(e))),
                [.. Effects.Select(e => new ReportContribution(e.Power, "economic", Contribution(e)))]);
            ReportSource[] sources =
            [
                new(SecondSourceId, SecondSource.Title, SecondSource.Carrier, null, SecondSource.Published, "day", false, "C", false,
                    [new(ClaimId, "corroborated", SecondQuoteStart, SecondQuoteStart + SecondQuote.Length, SecondQuote)]),
                new(SourceId, Source.Title, Source.Carrier, null, Source.Published, "day", false, "B", false,
                    [new(ClaimId, "extracted", Evidence.Start!.Value, Evidence.End!.Value, Quote)]),
            ];
            var recordTime = Effects.Select(e => new RecordTimeSeries(e.Power,
                [new(RecordedSequence, RecordedAt, Contribution(e, 1)), new(CorroboratedSequence, CorroboratedAt, Contribution(e))])).ToList();
            var validTime = Effects.Select(e => new ValidTimeSeries(e.Power, [new(2023, Contribution(e))])).ToList();
            return new AlignmentReport(new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero), ReviewedSequence, null, null, null, AlignmentReport.ListedClaims,
                [new SubjectReport("KZ", label, leader, 1, scores, [claim], sources, recordTime, validTime)]);
        }),
    ];
}

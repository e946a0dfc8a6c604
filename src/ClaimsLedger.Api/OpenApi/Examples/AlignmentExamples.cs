using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;

namespace ClaimsLedger.Api.OpenApi;

public static partial class ExampleCatalog
{
    /// <summary>Kazakhstan's scores with the example claim in force, as the scoring rules compute them.</summary>
    private static Dictionary<string, decimal> Overall => Effects.ToDictionary(e => e.Power, e => Contribution(e));

    private static ContributionView[] Contributions => [.. Effects.Select(e => new ContributionView(ClaimId, e.Power, "economic", Contribution(e)))];

    private static Dictionary<string, Dictionary<string, decimal>> Scores => Overall.OrderByDescending(p => p.Value).ToDictionary(p => p.Key,
        p => ScoreCell.ColumnNames.ToDictionary(column => column, column => column is ScoreCell.OverallName or "economic" ? p.Value : 0m));

    /// <summary>How each event moved each of Kazakhstan's scores: recorded on one source, then corroborated by a second.</summary>
    private static IEnumerable<(Effect Effect, decimal Before, decimal After)> Moves(bool corroboration) => Effects.Select(e =>
        corroboration ? (e, Contribution(e, 1), Contribution(e)) : (e, 0m, Contribution(e, 1)));

    private static ScoreChange[] Changes(bool corroboration) =>
    [
        .. Moves(corroboration).SelectMany(m => new[] { ScoreCell.OverallName, "economic" }.Select(column => new ScoreChange(m.Effect.Power, column, m.Before, m.After))),
    ];

    private static IEnumerable<(Type Type, Func<object> Example)> AlignmentExamples() =>
    [
        Example(() =>
        {
            var (label, leader) = AlignmentLabel.For(Overall);
            return new AlignmentView("KZ", label, leader, Scores, 1, Contributions.Length, Contributions, CorroboratedSequence, null, null, null, null, 0);
        }),
        Example(() => new List<AlignmentSummary>
        {
            new("AM", "leaning EU", "EU", 7, 0),
            new("KZ", AlignmentLabel.For(Overall).Label, AlignmentLabel.For(Overall).LeadingPower, 1, 0),
        }),
        Example(() => new Paged<ContributionView>(Contributions, 1, 50, Contributions.Length)),
        Example(() => new Paged<HistoryEntry>(
        [
            new(RecordedSequence, RecordedAt, "claim_extracted", ClaimId, null, "ada", null, "kz-trade-2024-01-22", Changes(false)),
            new(CorroboratedSequence, CorroboratedAt, "claim_corroborated", ClaimId, null, "ben", null, "kz-trade-2024-02-05", Changes(true)),
        ], 1, 50, 2)),
        Example(() => new AlignmentDiff("KZ", new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero),
        [
            .. Effects.SelectMany(e => new[] { ScoreCell.OverallName, "economic" }.Select(column => new CellDiff(e.Power, column, 0m, Contribution(e),
            [
                new(ClaimId, RecordedSequence, RecordedAt, "claim_extracted", "ada", null, Contribution(e, 1)),
                new(ClaimId, CorroboratedSequence, CorroboratedAt, "claim_corroborated", "ben", null, Contribution(e) - Contribution(e, 1)),
            ], new OtherCauses(0, 0m)))),
        ])),
    ];
}

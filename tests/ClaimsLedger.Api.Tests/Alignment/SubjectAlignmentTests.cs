using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Vocabulary;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>The running cell totals kept while a batch is projected must equal a fresh sum, whatever the order of replacements.</summary>
public sealed class SubjectAlignmentTests
{
    private static readonly Gen<ClaimContribution> Contribution =
        Gen.Select(Gen.Int[0, 5], Gen.OneOf<string>("CN", "RU", "TR"), Gen.Enum<Dimension>(), Gen.Int[-300, 300],
            (claim, power, dimension, value) => new ClaimContribution($"c{claim}", power, dimension, value / 100m));

    [Fact]
    public void running_totals_equal_the_sum_of_the_stored_contributions()
    {
        var replacements = Gen.Select(Gen.Int[0, 5], Contribution.List[0, 3]).List[1, 30];
        replacements.Sample(steps =>
        {
            var subject = new SubjectAlignment { Id = "KZ" };
            foreach (var (claim, contributions) in steps)
                subject.Replace($"c{claim}", contributions.Select(c => c with { ClaimId = $"c{claim}" })
                    .DistinctBy(c => (c.Power, c.Dimension)).Where(c => c.Contribution != 0));
            subject.Normalize();

            var reloaded = new SubjectAlignment { Id = "KZ", Contributions = subject.Contributions.ToList() };
            foreach (var power in new[] { "CN", "RU", "TR" })
            foreach (var cell in Enum.GetValues<Dimension>().Select(d => new ScoreCell(power, d)).Append(ScoreCell.Overall(power)))
            {
                var expected = AlignmentScores.Cell(subject.Contributions, cell);
                if (subject.Cell(cell) != expected || reloaded.Cell(cell) != expected) return false;
            }
            return subject.ClaimCount == subject.Contributions.Select(c => c.ClaimId).Distinct().Count();
        });
    }
}

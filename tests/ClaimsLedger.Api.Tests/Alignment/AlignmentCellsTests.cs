using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Vocabulary;
using CsCheck;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>The running cell totals kept as claims' contributions are replaced must equal a fresh sum, whatever the order.</summary>
public sealed class AlignmentCellsTests
{
    private static readonly Gen<ClaimContribution> Contribution =
        Gen.Select(Gen.OneOf<string>("CN", "RU", "TR"), Gen.Enum<Dimension>(), Gen.Int[-300, 300],
            (power, dimension, value) => new ClaimContribution("c", power, dimension, value / 100m));

    [Fact]
    public void running_totals_equal_the_sum_of_the_current_contributions()
    {
        var replacements = Gen.Select(Gen.Int[0, 5], Contribution.List[0, 3]).List[1, 30];
        replacements.Sample(steps =>
        {
            var cells = new AlignmentCells();
            var current = new Dictionary<string, List<ClaimContribution>>();
            foreach (var (claim, contributions) in steps)
            {
                var next = contributions.Select(c => c with { ClaimId = $"c{claim}" }).DistinctBy(c => (c.Power, c.Dimension))
                    .Where(c => c.Contribution != 0).ToList();
                cells.Replace(current.GetValueOrDefault($"c{claim}") ?? [], next);
                current[$"c{claim}"] = next;
            }

            var fresh = AlignmentCells.Of(current.Values.SelectMany(c => c));
            return cells.View().Count == fresh.View().Count
                   && cells.View().All(p => fresh.View()[p.Key].SequenceEqual(p.Value))
                   && cells.ClaimCount == current.Values.Count(c => c.Count > 0)
                   && cells.ContributionCount == current.Values.Sum(c => c.Count)
                   && cells.Label() == fresh.Label();
        });
    }

    [Fact]
    public void a_power_with_no_contributions_left_is_no_longer_shown()
    {
        var cells = new AlignmentCells();
        var cn = new ClaimContribution("c1", "CN", Dimension.Economic, 1.2m);

        cells.Replace([], [cn]);
        cells.Replace([cn], []);

        cells.View().ShouldBeEmpty();
        cells.Label().Label.ShouldBe("no signal");
    }
}

using ClaimsLedger.Api.Alignment;

namespace ClaimsLedger.Api.Tests.Support;

public static class AlignmentAssertions
{
    /// <summary>Every score cell equals the sum of the contributions it includes ("overall": every dimension of the power).</summary>
    public static void EachScoreShouldBeTheSumOfItsContributions(this AlignmentView alignment)
    {
        foreach (var (power, byDimension) in alignment.Scores)
        {
            foreach (var (dimension, score) in byDimension)
            {
                var sum = alignment.Contributions.Where(c => c.Power == power && (dimension == "overall" || c.Dimension == dimension))
                    .Sum(c => c.Contribution);
                score.ShouldBe(sum, $"{power}.{dimension}");
            }
        }
    }
}

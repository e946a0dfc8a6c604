using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Alignment;

public sealed class ScoringTests
{
    private static readonly Effect TowardCn = new("CN", Dimension.Economic, Direction.Toward, 2);

    [Theory]
    [InlineData(ReliabilityGrade.A, 1.0)]
    [InlineData(ReliabilityGrade.C, 0.6)]
    [InlineData(ReliabilityGrade.E, 0.2)]
    [InlineData(ReliabilityGrade.F, 0.5)]
    public void reliability_follows_the_admiralty_grade(ReliabilityGrade grade, double weight) =>
        Scoring.ReliabilityWeight(grade).ShouldBe((decimal)weight);

    [Fact]
    public void an_ungraded_source_weighs_like_one_that_cannot_be_judged() =>
        Scoring.ReliabilityWeight(null).ShouldBe(Scoring.ReliabilityWeight(ReliabilityGrade.F));

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(1, 1.0)]
    [InlineData(2, 1.5)]
    [InlineData(3, 2.0)]
    [InlineData(7, 2.0)]
    public void independent_corroboration_adds_half_a_voice_each_up_to_double(int sources, double factor) =>
        Scoring.CorroborationFactor(sources).ShouldBe((decimal)factor);

    [Fact]
    public void away_effects_count_against_the_power() =>
        Scoring.Contribution(TowardCn with { Direction = Direction.Away }, 1, 1m, 1, 0).ShouldBe(-2m);

    [Fact]
    public void contributions_are_rounded_to_four_places_so_sums_are_exact() =>
        Scoring.Contribution(TowardCn with { Strength = 1 }, 1.0 / 3, 1m, 1, 0).ShouldBe(0.3333m);

    [Fact]
    public void a_contested_claim_is_diluted_by_its_contesters() =>
        Scoring.Contribution(TowardCn, 1, 1m, 1, 1).ShouldBe(1m);

    [Fact]
    public void only_claims_in_force_weigh()
    {
        Scoring.InForce(ClaimStatus.Recorded).ShouldBeTrue();
        Scoring.InForce(ClaimStatus.Accepted).ShouldBeTrue();
        Scoring.InForce(ClaimStatus.Proposed).ShouldBeFalse();
        Scoring.InForce(ClaimStatus.Rejected).ShouldBeFalse();
        Scoring.InForce(ClaimStatus.Retracted).ShouldBeFalse();
    }

    [Fact]
    public void a_claim_whose_every_source_is_retracted_contributes_nothing()
    {
        var claim = new AlignmentClaim
        {
            Id = "c", Subject = "KZ", Effects = [TowardCn], Confidence = 1, Status = ClaimStatus.Recorded,
            Supports = [new AlignmentClaim.Support("s", "k")],
        };
        var sources = new Dictionary<string, AlignmentSource> { ["s"] = new() { Id = "s", Grade = ReliabilityGrade.A, Retracted = true } };

        AlignmentProjection.ContributionsOf(claim, sources).ShouldBeEmpty();
        sources["s"].Retracted = false;
        AlignmentProjection.ContributionsOf(claim, sources).Single().Contribution.ShouldBe(2m);
    }

    [Theory]
    [InlineData("CN:3", "aligned with CN", "CN")]
    [InlineData("CN:3,RU:2", "leaning CN", "CN")]
    [InlineData("CN:1,RU:1,TR:1", "multi-vector", "CN")]
    [InlineData("CN:3,RU:-2", "drifting RU→CN", "CN")]
    [InlineData("RU:-2", "no signal", null)]
    [InlineData("", "no signal", null)]
    public void labels_follow_from_the_overall_scores(string scores, string label, string? leader)
    {
        var overall = scores.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split(':')).ToDictionary(p => p[0], p => decimal.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        AlignmentLabel.For(overall).ShouldBe((label, leader));
    }
}

using ClaimsLedger.Api.Alignment;
using ClaimsLedger.Api.Claims;
using ClaimsLedger.Api.Sources;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Alignment;

/// <summary>A contribution as a step function of the publication cut-off, computed with the contribution itself. Pure.</summary>
public sealed class PublicationStepsTests
{
    private static readonly Effect TowardCn = new("CN", Dimension.Economic, Direction.Toward, 2);
    private static readonly DateTimeOffset Sep2022 = new(2022, 10, 1, 0, 0, 0, TimeSpan.Zero);   // "2022-09" ends here
    private static readonly DateTimeOffset May2023 = new(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Jul2024 = new(2024, 8, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, AlignmentSource> Sources = new()
    {
        ["abc"] = new() { Id = "abc", Grade = ReliabilityGrade.B, PublishedEnd = Sep2022 },
        ["byline"] = new() { Id = "byline", Grade = ReliabilityGrade.A, PublishedEnd = Jul2024 },
        ["insider"] = new() { Id = "insider", Grade = ReliabilityGrade.C, PublishedEnd = May2023 },
    };

    [Fact]
    public void each_cut_off_counts_only_the_supports_and_contesting_sources_published_by_then()
    {
        var claim = new AlignmentClaim
        {
            Id = "c", Subject = "KZ", Effects = [TowardCn], Confidence = 1, Status = ClaimStatus.Recorded,
            Supports = [new("abc", "abc news"), new("byline", "byline times")],
            Contesters = ["business insider"], ContestSources = [new("insider", "business insider")],
        };

        var contribution = AlignmentProjection.ContributionsOf(claim, Sources).ShouldHaveSingleItem();

        contribution.Contribution.ShouldBe(2m);   // 2 × 1 × A 1.0 × 1.5 × 2/3
        contribution.Steps.ShouldBe([
            new PublicationStep(Sep2022, 1.6m),    // ABC alone: 2 × B 0.8
            new PublicationStep(May2023, 0.8m),    // contested by Insider: × 1/2
            new PublicationStep(Jul2024, 2m),      // Byline too
        ]);
        contribution.PublishedBy(Sep2022.AddDays(-1)).ShouldBe(0m);
        contribution.PublishedBy(Sep2022).ShouldBe(1.6m);
        contribution.PublishedBy(new DateTimeOffset(2024, 7, 2, 0, 0, 0, TimeSpan.Zero)).ShouldBe(0.8m);
        contribution.PublishedBy(DateTimeOffset.MaxValue).ShouldBe(contribution.Contribution);
    }

    [Fact]
    public void a_cut_off_that_changes_nothing_is_not_a_step()
    {
        var claim = new AlignmentClaim
        {
            Id = "c", Subject = "KZ", Effects = [TowardCn], Confidence = 1, Status = ClaimStatus.Recorded,
            Supports = [new("abc", "abc news"), new("insider", "abc news")],
        };

        AlignmentProjection.ContributionsOf(claim, Sources).Single().Steps.ShouldBe([new PublicationStep(Sep2022, 1.6m)]);
    }
}

using ClaimsLedger.Extraction.Time;

namespace ClaimsLedger.Extraction.Tests;

public class ValidTimeResolverTests
{
    private static readonly DateOnly July2024 = new(2024, 7, 15);

    [Theory]
    [InlineData("Exports to the south doubled last year.", "2023")]
    [InlineData("The ministry expects more flights this year.", "2024")]
    [InlineData("The envoy arrived earlier this month.", "2024-07")]
    [InlineData("The railway agreement was signed last month.", "2024-06")]
    [InlineData("The corridor was first proposed in 2013.", "2013")]
    [InlineData("The republic has been independent since 1991.", "1991/2024")]
    [InlineData("Border clashes flared from 2020 to 2022.", "2020/2022")]
    [InlineData("The minister travelled to the capital in May.", "2024-05")]
    [InlineData("Talks were held in October.", "2023-10")]
    [InlineData("Officials met on 3 July to sign the memorandum.", "2024-07-03")]
    [InlineData("The forum opened on March 21, 2023 in the capital.", "2023-03-21")]
    [InlineData("The delegation landed on Tuesday.", "2024-07")]
    [InlineData("Two years ago the bank opened a branch.", "2022")]
    public void Resolves_expressions_against_the_publication_date(string sentence, string expected) =>
        ValidTimeResolver.Resolve(sentence, July2024).ShouldBe(expected);

    [Fact]
    public void Last_month_in_January_is_the_previous_December() =>
        ValidTimeResolver.Resolve("The pipeline stopped last month.", new DateOnly(2024, 1, 10)).ShouldBe("2023-12");

    [Fact]
    public void May_the_verb_is_not_a_month() =>
        ValidTimeResolver.Resolve("The deal may collapse.", July2024).ShouldBeNull();

    [Fact]
    public void A_sentence_without_time_has_none_and_the_default_is_the_publication_month()
    {
        ValidTimeResolver.Resolve("The two capitals are close.", July2024).ShouldBeNull();
        ValidTimeResolver.Default(July2024).ShouldBe("2024-07");
    }

    [Fact]
    public void The_earliest_expression_wins() =>
        ValidTimeResolver.Resolve("Last year trade grew, and in 2019 it had fallen.", July2024).ShouldBe("2023");
}

using ClaimsLedger.Extraction.Quantities;

namespace ClaimsLedger.Extraction.Tests;

public class QuantityParserTests
{
    private static (decimal Value, string Unit)? Parse(string s) =>
        QuantityParser.Parse(s, w => w is "people" or "migrants" or "Uzbeks" or "workers");

    [Theory]
    [InlineData("Bilateral turnover reached $12 billion in the period.", 12, "USD billion")]
    [InlineData("The fund will lend $7.5 million to farmers.", 7.5, "USD million")]
    [InlineData("Beijing offered 40 billion yuan ($5.6 billion) in credit lines.", 40, "CNY billion")]
    [InlineData("Moscow wrote off 3 billion roubles of debt.", 3, "RUB billion")]
    [InlineData("Almost 87 percent of its wheat goes north.", 87, "percent")]
    [InlineData("Some 45% of remittances come from one country.", 45, "percent")]
    [InlineData("Nearly 250,000 Uzbeks work abroad.", 250000, "people")]
    [InlineData("About 3,000 migrants were deported.", 3000, "people")]
    [InlineData("The line adds 280 kilometres of track.", 280, "kilometres")]
    public void Reads_the_first_figure_with_its_unit(string sentence, double value, string unit)
    {
        var q = Parse(sentence).ShouldNotBeNull();
        q.Value.ShouldBe((decimal)value);
        q.Unit.ShouldBe(unit);
    }

    [Theory]
    [InlineData("The treaty was signed in 2019 by both sides.")]
    [InlineData("The talks on 14 March ended without a deal.")]
    [InlineData("Trade slowed during the COVID-19 pandemic.")]
    [InlineData("No figures were released.")]
    public void Dates_and_names_are_not_quantities(string sentence) => Parse(sentence).ShouldBeNull();
}

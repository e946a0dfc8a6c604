using ClaimsLedger.Api.Reports.Render;

namespace ClaimsLedger.Api.Tests.Reports;

/// <summary>What a source or claim says is text in the Markdown report, never a link, an image or HTML.</summary>
public sealed class MarkdownEscapingTests
{
    [Theory]
    [InlineData("[see here](javascript:alert(1))")]
    [InlineData("![pixel](https://tracker.example/p.gif)")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<https://phish.example>")]
    public void markup_in_a_statement_is_escaped(string statement)
    {
        var cell = ReportText.Markdown(statement);

        cell.ShouldNotContain("](");
        Unescaped(cell, '<').ShouldBe(0);
        Unescaped(cell, '[').ShouldBe(0);
        cell.Replace("\\", "").ShouldBe(statement.Replace("\\", ""));
    }

    private static int Unescaped(string text, char c) => text.Where((x, i) => x == c && (i == 0 || text[i - 1] != '\\')).Count();

    [Fact]
    public void a_line_break_cannot_end_the_table()
    {
        ReportText.Markdown("one\r\ntwo | three").ShouldBe("one  two \\| three");
    }
}

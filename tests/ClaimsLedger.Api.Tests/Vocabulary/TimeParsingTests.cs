using ClaimsLedger.Api.Time;
using ClaimsLedger.Api.Vocabulary;

namespace ClaimsLedger.Api.Tests.Vocabulary;

public sealed class TimeParsingTests
{
    [Theory]
    [InlineData("2024", DatePrecision.Year, "2024-01-01", "2025-01-01")]
    [InlineData("2024-07", DatePrecision.Month, "2024-07-01", "2024-08-01")]
    [InlineData("2024-02-29", DatePrecision.Day, "2024-02-29", "2024-03-01")]
    public void partial_dates_cover_their_whole_period(string text, DatePrecision precision, string start, string end)
    {
        PartialDate.TryParse(text, out var date).ShouldBeTrue();
        date.Precision.ShouldBe(precision);
        date.Start.ShouldBe(DateTimeOffset.Parse(start + "T00:00:00Z"));
        date.End.ShouldBe(DateTimeOffset.Parse(end + "T00:00:00Z"));
    }

    [Fact]
    public void an_instant_without_offset_is_read_as_utc()
    {
        PartialDate.TryParse("2023-05-26T11:45:48", out var date).ShouldBeTrue();
        date.Precision.ShouldBe(DatePrecision.Instant);
        date.Start.ShouldBe(new DateTimeOffset(2023, 5, 26, 11, 45, 48, TimeSpan.Zero));
        date.Text.ShouldBe("2023-05-26T11:45:48Z");
    }

    [Theory]
    [InlineData("July 2024")]
    [InlineData("2023-02-30")]
    [InlineData("24")]
    [InlineData("")]
    [InlineData("2024-13")]
    public void anything_else_is_not_a_date(string text) => PartialDate.TryParse(text, out _).ShouldBeFalse();

    // Found by the fuzz suite: the last month, day or instant of year 9999 ends in year 10000, which threw (a 500) before the
    // year bound was checked. Every form is now bounded to the years 1000–2999 before its end is computed.
    [Theory]
    [InlineData("9999-12")]
    [InlineData("9999-12-31")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    [InlineData("9999-12-31T23:59:59-14:00")]
    [InlineData("0999-12")]
    [InlineData("0001-01-01T00:00:00+14:00")]
    [InlineData("3000-01")]
    public void dates_outside_the_years_1000_to_2999_are_not_dates_whatever_their_precision(string text)
    {
        PartialDate.TryParse(text, out _).ShouldBeFalse();
        ValidTime.TryParse(text, out _).ShouldBeFalse();
        ValidTime.TryParse($"2023/{text}", out _).ShouldBeFalse();
        Instant.TryParse(text, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2999-12", "3000-01-01")]
    [InlineData("2999-12-31", "3000-01-01")]
    [InlineData("1000-01", "1000-02-01")]
    public void the_last_and_first_periods_of_the_range_are_dates(string text, string end)
    {
        PartialDate.TryParse(text, out var date).ShouldBeTrue();
        date.End.ShouldBe(DateTimeOffset.Parse(end + "T00:00:00Z"));
    }

    [Fact]
    public void a_valid_time_range_spans_from_the_first_start_to_the_last_end()
    {
        ValidTime.TryParse("2022/2024-03", out var range).ShouldBeTrue();
        range.Start.ShouldBe(new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero));
        range.End.ShouldBe(new DateTimeOffset(2024, 4, 1, 0, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void a_year_overlaps_its_months()
    {
        ValidTime.TryParse("2023", out var year).ShouldBeTrue();
        ValidTime.TryParse("2023-05", out var may).ShouldBeTrue();
        year.Overlaps(may.Start, may.End).ShouldBeTrue();
        ValidTime.TryParse("2024", out var next).ShouldBeTrue();
        year.Overlaps(next.Start, next.End).ShouldBeFalse();
    }

    [Theory]
    [InlineData("2024/2022")]
    [InlineData("2022/2023/2024")]
    [InlineData("2023-05-01T10:00:00Z")]
    public void backwards_ranges_and_instants_are_not_valid_times(string text) => ValidTime.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("KZ", true)]
    [InlineData("CENTRAL_ASIA", true)]
    [InlineData("SOUTH_CAUCASUS", true)]
    [InlineData("EU", false)]
    [InlineData("kz", false)]
    [InlineData("XX", false)]
    public void subjects_are_countries_or_named_regions(string code, bool valid) => Codes.IsSubject(code).ShouldBe(valid);

    [Theory]
    [InlineData("RU", true)]
    [InlineData("EU", true)]
    [InlineData("WEST", true)]
    [InlineData("CENTRAL_ASIA", false)]
    [InlineData("Russia", false)]
    public void powers_are_countries_or_blocs(string code, bool valid) => Codes.IsPower(code).ShouldBe(valid);
}

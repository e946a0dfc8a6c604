using System.Globalization;

namespace ClaimsLedger.Api.Time;

/// <summary>How precisely a date is known, which decides the interval it covers.</summary>
public enum DatePrecision
{
    /// <summary>A year (<c>2024</c>): covers the whole year.</summary>
    Year,

    /// <summary>A month (<c>2024-07</c>): covers the whole month.</summary>
    Month,

    /// <summary>A day (<c>2024-07-02</c>): covers the whole day, UTC.</summary>
    Day,

    /// <summary>An instant (<c>2024-07-02T10:00:00Z</c>).</summary>
    Instant,
}

/// <summary>
/// A date known only to some precision: "2024", "2024-07", "2024-07-02" or an instant.
/// It covers the half-open interval [Start, End); "2023" therefore overlaps "2023-05".
/// </summary>
public sealed record PartialDate(string Text, DatePrecision Precision, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>
    /// The years the ledger accepts, in every date and instant it reads: sources and claims are about the recorded
    /// past and the near future, and the bounds keep every date's interval (and a year's end) representable.
    /// </summary>
    public const int MinYear = 1000, MaxYear = 2999;

    public const string Rule = "a year (2024), a month (2024-07), a day (2024-07-02) or an instant (2024-07-02T10:00:00Z), with a year from 1000 to 2999";

    /// <summary>A required date field: "is required" when absent, the rule when present but unreadable.</summary>
    public static PartialDate? Read(string? text, string field, Http.FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) errors.Add(field, $"is required: {Rule}.");
        else if (TryParse(text, out var date)) return date;
        else errors.Add(field, $"must be {Rule}.");
        return null;
    }

    public static bool InRange(DateTimeOffset instant) => instant.Year is >= MinYear and <= MaxYear;

    private static bool InYears(int year) => year is >= MinYear and <= MaxYear;

    public static bool TryParse(string? text, out PartialDate date)
    {
        if (!TryParseAnyYear(text, out date)) return false;
        if (InRange(date.Start)) return true;
        date = null!;
        return false;
    }

    private static bool TryParseAnyYear(string? text, out PartialDate date)
    {
        date = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, inv, out var year) && year is >= MinYear and <= MaxYear)
        {
            var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Year, start, start.AddYears(1));
            return true;
        }
        // Each form checks the year before computing its end: 9999-12's end (10000-01-01) is not a date at all.
        if (text.Length == 7 && DateTime.TryParseExact(text, "yyyy-MM", inv, DateTimeStyles.None, out var month) && InYears(month.Year))
        {
            var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Month, start, start.AddMonths(1));
            return true;
        }
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day) && InYears(day.Year))
        {
            var start = new DateTimeOffset(day.Year, day.Month, day.Day, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Day, start, start.AddDays(1));
            return true;
        }
        // An instant without an offset is read as UTC: sources print local times we cannot place, and a
        // stable reading beats a machine-dependent one.
        if (text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, inv,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) && InYears(instant.Year))
        {
            var normalized = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", inv);
            date = new PartialDate(normalized, DatePrecision.Instant, instant, instant.AddTicks(1));
            return true;
        }
        return false;
    }

    public override string ToString() => Text;
}

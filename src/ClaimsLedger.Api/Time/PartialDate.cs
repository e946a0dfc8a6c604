using System.Globalization;

namespace ClaimsLedger.Api.Time;

public enum DatePrecision { Year, Month, Day, Instant }

/// <summary>
/// A date known only to some precision: "2024", "2024-07", "2024-07-02" or an instant.
/// It covers the half-open interval [Start, End); "2023" therefore overlaps "2023-05".
/// </summary>
public sealed record PartialDate(string Text, DatePrecision Precision, DateTimeOffset Start, DateTimeOffset End)
{
    public static bool TryParse(string? text, out PartialDate date)
    {
        date = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (text.Length == 4 && int.TryParse(text, NumberStyles.None, inv, out var year) && year >= 1)
        {
            var start = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Year, start, start.AddYears(1));
            return true;
        }
        if (text.Length == 7 && DateTime.TryParseExact(text, "yyyy-MM", inv, DateTimeStyles.None, out var month))
        {
            var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Month, start, start.AddMonths(1));
            return true;
        }
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", inv, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.Year, day.Month, day.Day, 0, 0, 0, TimeSpan.Zero);
            date = new PartialDate(text, DatePrecision.Day, start, start.AddDays(1));
            return true;
        }
        // An instant without an offset is read as UTC: sources print local times we cannot place, and a
        // stable reading beats a machine-dependent one.
        if (text.Length > 10 && text[10] == 'T' && DateTimeOffset.TryParse(text, inv,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            var normalized = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", inv);
            date = new PartialDate(normalized, DatePrecision.Instant, instant, instant.AddTicks(1));
            return true;
        }
        return false;
    }

    public override string ToString() => Text;
}

using System.Globalization;

namespace ClaimsLedger.Api.Time;

/// <summary>Record-time parameters (asOf, from, to): an ISO 8601 instant, or a date meaning its first instant in UTC.</summary>
public static class Instant
{
    public const string Rule = "must be an ISO 8601 instant such as 2024-06-01T00:00:00Z (a date alone means 00:00 UTC), with a year from 1000 to 2999.";

    public static bool TryParse(string? text, out DateTimeOffset instant) => TryParseAnyYear(text, out instant) && PartialDate.InRange(instant);

    private static bool TryParseAnyYear(string? text, out DateTimeOffset instant)
    {
        instant = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (text.Length == 10 && DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            instant = new DateTimeOffset(day, TimeSpan.Zero);
            return true;
        }
        return text.Length > 10 && text[10] == 'T'
               && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out instant);
    }
}

namespace ClaimsLedger.Api.Time;

/// <summary>
/// When a claim holds in the world (valid time, as opposed to record time): one partial date
/// ("2023", "2023-05") or an inclusive range of them ("2022/2024").
/// </summary>
public sealed record ValidTime(string Text, DateTimeOffset Start, DateTimeOffset End)
{
    public const string Rule = "a year (2023), a month (2023-05), a day (2023-05-18) or a range of them (2022/2024), with years from 1000 to 2999";

    public static bool TryParse(string? text, out ValidTime validTime)
    {
        validTime = null!;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('/');
        if (parts.Length > 2) return false;
        if (!PartialDate.TryParse(parts[0], out var from) || from.Precision == DatePrecision.Instant) return false;
        var to = from;
        if (parts.Length == 2 && (!PartialDate.TryParse(parts[1], out to) || to.Precision == DatePrecision.Instant)) return false;
        if (to.End <= from.Start) return false;
        var normalized = parts.Length == 2 ? $"{from.Text}/{to.Text}" : from.Text;
        validTime = new ValidTime(normalized, from.Start, to.End);
        return true;
    }

    public bool Overlaps(DateTimeOffset start, DateTimeOffset end) => Start < end && start < End;

    public override string ToString() => Text;
}

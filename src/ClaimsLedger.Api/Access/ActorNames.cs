using System.Globalization;

namespace ClaimsLedger.Api.Access;

/// <summary>
/// What an actor may be called, for key names and X-Actor alike. The trail shows actors to auditors, so a name must
/// read as what it is: letters, digits and <c>@ . _ - +</c>, nothing invisible, no bidirectional controls, no spaces
/// that hide a second name ("ana@example.org" followed by a zero-width space is not "ana@example.org").
/// </summary>
public static class ActorNames
{
    public const int MaxLength = 200;
    public const string Rule = "must be 1 to 200 letters, digits or @ . _ - + (no spaces, no invisible or bidirectional characters).";

    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.EnumerateRunes().All(IsAllowed);

    private static bool IsAllowed(System.Text.Rune r) =>
        r.Value is '@' or '.' or '_' or '-' or '+'
        || System.Text.Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.OtherLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.DecimalDigitNumber;
}

namespace ClaimsLedger.Api.Access;

/// <summary>
/// Who may do what: a reader reads, an analyst also changes claims and sources, an admin also runs
/// /api/admin/* and manages subscriptions. Each role includes the ones before it.
/// </summary>
public static class Roles
{
    public const string Reader = "reader", Analyst = "analyst", Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reader, Analyst, Admin];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);

    /// <summary>The roles a policy for <paramref name="least"/> admits: that role and every stronger one.</summary>
    public static string[] AtLeast(string least) => All.SkipWhile(r => r != least).ToArray();
}

namespace ClaimsLedger.Api.Http;

/// <summary>One page of a list.</summary>
/// <param name="Items">The page's items, in the list's order; empty past the last page.</param>
/// <param name="Page">The page number, from 1.</param>
/// <param name="PageSize">The most items a page holds (1 to 200; default 50).</param>
/// <param name="Total">How many items the whole list holds, over all pages.</param>
public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

public static class Paging
{
    public const int MaxPageSize = 200;

    /// <summary>
    /// The deepest item a page may start at (1-based; a page starting at item 1,000,001 skips a million rows): deeper offsets
    /// only scan rows to skip them; narrow the filters instead.
    /// </summary>
    public const int MaxOffset = 1_000_000;

    public static (int Page, int PageSize) Read(int? page, int? pageSize, FieldErrors errors)
    {
        var p = page ?? 1;
        var size = pageSize ?? 50;
        if (p < 1) errors.Add("page", "must be at least 1.");
        if (size is < 1 or > MaxPageSize) errors.Add("pageSize", $"must be between 1 and {MaxPageSize}.");
        else if (p >= 1 && (long)(p - 1) * size >= MaxOffset)
            errors.Add("page", $"starts beyond item {MaxOffset:N0}; narrow the filters to reach older items.");
        return (p, size);
    }
}
